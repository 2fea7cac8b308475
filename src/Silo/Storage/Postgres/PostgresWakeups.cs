using Recall.Grains;
using Microsoft.Extensions.Options;
using Recall.Silo.Outbox;
using Recall.Silo.Reminders;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Tells the other silos about work this silo committed (the earliest new reminder and outbox
/// message), after the commit and coalesced (<see cref="PostgresNotifier"/>): one NOTIFY carries the
/// earliest due times of every commit since the previous one.
/// </summary>
/// <remarks>
/// Only work due soon is announced: every silo reads the next due time at least once per poll
/// interval anyway, so work due later than that (a recall reminder months ahead, the common case)
/// is found in time without a notification. Each NOTIFY is a transaction of its own with a WAL
/// flush, and every listening silo handles it, so announcing each visit's next recall cost the
/// database more than some of the visit's own statements (docs/benchmarks.md).
/// </remarks>
internal sealed class PostgresWakeups : PostgresNotifier
{
    private readonly TimeProvider time;
    private readonly SiloLog log;
    private long reminderDueMs = long.MaxValue;
    private long messageDueMs = long.MaxValue;

    public PostgresWakeups(PostgresDatabase database, [FromKeyedServices(RecallClock.Key)] TimeProvider time, IOptions<ReminderOptions> reminders, IOptions<OutboxOptions> outbox, SiloLog log)
        : base(database.ControlDataSource, database.Channel)
    {
        this.time = time;
        this.log = log;
        // Twice the longest poll interval: a margin for the silos' clocks differing a little.
        Horizon = 2 * TimeSpan.FromTicks(Math.Max(reminders.Value.PollInterval.Ticks, outbox.Value.PollInterval.Ticks));
        Start();
    }

    /// <summary>Work due further ahead than this is left to the other silos' polling.</summary>
    public TimeSpan Horizon { get; }

    /// <summary>A commit added a reminder (<paramref name="reminder"/>) and/or a message (<paramref name="message"/>) due at these times.</summary>
    public void Committed(DateTimeOffset? reminder, DateTimeOffset? message)
    {
        var soon = (time.GetUtcNow() + Horizon).ToUnixTimeMilliseconds();
        var announced = false;
        if (reminder is { } r && r.ToUnixTimeMilliseconds() <= soon)
        {
            LowerTo(ref reminderDueMs, r.ToUnixTimeMilliseconds());
            announced = true;
        }

        if (message is { } m && m.ToUnixTimeMilliseconds() <= soon)
        {
            LowerTo(ref messageDueMs, m.ToUnixTimeMilliseconds());
            announced = true;
        }

        if (announced)
        {
            Signal();
        }
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
