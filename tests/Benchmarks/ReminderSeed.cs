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
}
