using Npgsql;
using Recall.Silo.Hosting;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Tells the other silos about work this silo committed (the earliest new reminder and outbox
/// message), after the commit and coalesced (<see cref="PostgresNotifier"/>): one NOTIFY carries the
/// earliest due times of every commit since the previous one.
/// </summary>
internal sealed class PostgresWakeups : PostgresNotifier
{
    private readonly SiloLog log;
    private long reminderDueMs = long.MaxValue;
    private long messageDueMs = long.MaxValue;

    public PostgresWakeups(NpgsqlDataSource dataSource, string channel, SiloLog log)
        : base(dataSource, channel)
    {
        this.log = log;
        Start();
    }

    /// <summary>A commit added a reminder (<paramref name="reminder"/>) and/or a message (<paramref name="message"/>) due at these times.</summary>
    public void Committed(DateTimeOffset? reminder, DateTimeOffset? message)
    {
        if (reminder is null && message is null)
        {
            return;
        }

        if (reminder is { } r)
        {
            LowerTo(ref reminderDueMs, r.ToUnixTimeMilliseconds());
        }

        if (message is { } m)
        {
            LowerTo(ref messageDueMs, m.ToUnixTimeMilliseconds());
        }

        Signal();
    }

    protected override IReadOnlyList<string> TakePayloads()
    {
        var reminder = Interlocked.Exchange(ref reminderDueMs, long.MaxValue);
        var message = Interlocked.Exchange(ref messageDueMs, long.MaxValue);
        return [.. new[] { ("r", reminder), ("o", message) }.Where(due => due.Item2 != long.MaxValue).Select(due => $"{due.Item1}:{due.Item2}")];
    }

    // If the silo dies before the send, or it fails, the others find the work by polling within their poll interval.
    protected override void OnFailed(Exception exception) => log.WakeupFailed(exception);

    private static void LowerTo(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
