using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Recall.Benchmarks;

/// <summary>
/// Writes grains with one reminder each straight into the silo's tables (set-up, not measured):
/// the rows are exactly what a turn registering the reminder would have committed.
/// </summary>
internal static class ReminderSeed
{
    public const string GrainType = "bench";

    public const string ReminderName = "recall-due";

    private static readonly byte[] InitialState = Encoding.UTF8.GetBytes("""{"fired":0}""");

    public static string Key(int i) => $"clinic-{i % 100}/p{i}";

    /// <summary>Seeds grains 0..count-1; <paramref name="dueAt"/> gives each one's reminder due time.</summary>
    public static void Seed(BenchDatabase database, int count, Func<int, DateTimeOffset> dueAt) => Seed(database, 0, count, dueAt);

    /// <summary>Seeds grains from..from+count-1.</summary>
    public static void Seed(BenchDatabase database, int from, int count, Func<int, DateTimeOffset> dueAt)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (database.Provider == Provider.Sqlite)
        {
            using var connection = new SqliteConnection(database.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var state = connection.CreateCommand();
            state.Transaction = transaction;
            state.CommandText = "INSERT INTO grain_state (grain_type, grain_key, etag, state, updated_at) VALUES ($t, $k, 1, $s, $at)";
            var stateKey = state.Parameters.Add("$k", SqliteType.Text);
            state.Parameters.AddWithValue("$t", GrainType);
            state.Parameters.AddWithValue("$s", InitialState);
            state.Parameters.AddWithValue("$at", now);
            using var reminder = connection.CreateCommand();
            reminder.Transaction = transaction;
            reminder.CommandText = "INSERT INTO reminders (grain_type, grain_key, name, due_at) VALUES ($t, $k, $n, $due)";
            var reminderKey = reminder.Parameters.Add("$k", SqliteType.Text);
            var due = reminder.Parameters.Add("$due", SqliteType.Integer);
            reminder.Parameters.AddWithValue("$t", GrainType);
            reminder.Parameters.AddWithValue("$n", ReminderName);
            state.Prepare();
            reminder.Prepare();
            for (var i = from; i < from + count; i++)
            {
                stateKey.Value = reminderKey.Value = Key(i);
                due.Value = dueAt(i).ToUnixTimeMilliseconds();
                state.ExecuteNonQuery();
                reminder.ExecuteNonQuery();
            }

            transaction.Commit();
            return;
        }

        using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            connection.Open();
            using (var copy = connection.BeginBinaryImport("COPY grain_state (grain_type, grain_key, etag, state, updated_at) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = from; i < from + count; i++)
                {
                    copy.StartRow();
                    copy.Write(GrainType, NpgsqlDbType.Text);
                    copy.Write(Key(i), NpgsqlDbType.Text);
                    copy.Write(1L, NpgsqlDbType.Bigint);
                    copy.Write(InitialState, NpgsqlDbType.Bytea);
                    copy.Write(now, NpgsqlDbType.Bigint);
                }

                copy.Complete();
            }

            using (var copy = connection.BeginBinaryImport("COPY reminders (grain_type, grain_key, name, due_at) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = from; i < from + count; i++)
                {
                    copy.StartRow();
                    copy.Write(GrainType, NpgsqlDbType.Text);
                    copy.Write(Key(i), NpgsqlDbType.Text);
                    copy.Write(ReminderName, NpgsqlDbType.Text);
                    copy.Write(dueAt(i).ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                }

                copy.Complete();
            }

            using var analyze = new NpgsqlCommand("ANALYZE grain_state; ANALYZE reminders", connection);
            analyze.CommandTimeout = 600;
            analyze.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Seeds the Orleans reminder that wakes each of grains from..from+count-1 (Turns/AgendaWakeUps: one per
    /// grain with work on its agenda, first tick at that work's due time, period one minute), as the
    /// grain's commit that registered the work would have left it in Orleans' reminder table.
    /// </summary>
    public static void SeedWakeUps(BenchDatabase database, int from, int count, Func<int, DateTimeOffset> dueAt)
    {
        const string service = "recall"; // Orleans:ServiceId's default, as the benchmark's silo runs.
        const string name = "agenda";
        var period = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
        var grainType = Orleans.Runtime.GrainType.Create(GrainType);
        if (database.Provider == Provider.Sqlite)
        {
            using var connection = new SqliteConnection(database.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms) VALUES ($s, $g, $n, $h, $at, $p)";
            insert.Parameters.AddWithValue("$s", service);
            insert.Parameters.AddWithValue("$n", name);
            insert.Parameters.AddWithValue("$p", period);
            var grain = insert.Parameters.Add("$g", SqliteType.Text);
            var hash = insert.Parameters.Add("$h", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            insert.Prepare();
            for (var i = from; i < from + count; i++)
            {
                var id = Orleans.Runtime.GrainId.Create(grainType, Key(i));
                grain.Value = id.ToString();
                hash.Value = (long)id.GetUniformHashCode();
                at.Value = dueAt(i).ToUnixTimeMilliseconds();
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return;
        }

        using var pg = new NpgsqlConnection(database.ConnectionString);
        pg.Open();
        using (var copy = pg.BeginBinaryImport("COPY orleans_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = from; i < from + count; i++)
            {
                var id = Orleans.Runtime.GrainId.Create(grainType, Key(i));
                copy.StartRow();
                copy.Write(service, NpgsqlDbType.Text);
                copy.Write(id.ToString(), NpgsqlDbType.Text);
                copy.Write(name, NpgsqlDbType.Text);
                copy.Write(dueAt(i).UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(period, NpgsqlDbType.Bigint);
                copy.Write(unchecked((int)id.GetUniformHashCode()), NpgsqlDbType.Integer); // Orleans binds the uint hash as int.
                copy.Write(0, NpgsqlDbType.Integer);
            }

            copy.Complete();
        }

        using var analyze = new NpgsqlCommand("ANALYZE orleans_reminders", pg);
        analyze.CommandTimeout = 600;
        analyze.ExecuteNonQuery();
    }
}
