using Recall.Silo.Clock;

namespace Recall.Silo.Storage.Sqlite;

public sealed class SqliteClockStore(SqliteDatabase database) : IManualClockStore
{
    public DateTimeOffset? Load()
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT now_ms FROM manual_clock WHERE id = 1";
        return command.ExecuteScalar() is long ms ? SqliteValues.Instant(ms) : null;
    }

    public Task SaveAsync(DateTimeOffset now) => database.WriteAsync(writer => writer
        .Command("INSERT INTO manual_clock (id, now_ms) VALUES (1, $now) ON CONFLICT (id) DO UPDATE SET now_ms = excluded.now_ms")
        .With("$now", now)
        .ExecuteNonQuery());
}
