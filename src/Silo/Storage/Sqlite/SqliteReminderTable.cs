using Recall.Grains.Hosting;

namespace Recall.Silo.Storage.Sqlite;

public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    /// <summary>One silo per SQLite file: the reminder service's in-flight set is all the claiming needed.</summary>
    public Task<IReadOnlyList<DueReminder>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT grain_type, grain_key, name, due_at, period_ms, trace_parent FROM reminders
            WHERE due_at <= $until ORDER BY due_at LIMIT $limit
            """;
        command.With("$until", now).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var due = new List<DueReminder>();
        while (reader.Read())
        {
            due.Add(new DueReminder(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                SqliteValues.Instant(reader.GetInt64(3)), reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.NullableString(5)));
        }

        return Task.FromResult<IReadOnlyList<DueReminder>>(due);
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(due_at) FROM reminders";
        return Task.FromResult(command.ExecuteScalar() is long ms ? SqliteValues.Instant(ms) : (DateTimeOffset?)null);
    }
}
