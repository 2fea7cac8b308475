using Recall.Silo.Clock;

namespace Recall.Silo.Storage.Postgres;

/// <summary>The manual clock shared by every silo of the database: a move is stored and NOTIFYed, and the others follow.</summary>
public sealed class PostgresClockStore(PostgresDatabase database) : IManualClockStore
{
    /// <summary>Read once as the silo starts, synchronously (the clock is made in a factory), so through the control pool: the main pool is multiplexed.</summary>
    public DateTimeOffset? Load()
    {
        using var command = database.ControlDataSource.CreateCommand("SELECT now_ms FROM manual_clock WHERE id = 1");
        return command.ExecuteScalar() is long ms ? PostgresValues.Instant(ms) : null;
    }

    public async Task SaveAsync(DateTimeOffset now)
    {
        await using var command = database.Command("""
            INSERT INTO manual_clock (id, now_ms) VALUES (1, @now) ON CONFLICT (id) DO UPDATE SET now_ms = GREATEST(manual_clock.now_ms, excluded.now_ms);
            SELECT pg_notify(@channel, @payload);
            """)
            .With("now", now).With("channel", database.Channel).With("payload", $"c:{now.ToUnixTimeMilliseconds()}");
        await command.ExecuteNonQueryAsync();
    }
}
