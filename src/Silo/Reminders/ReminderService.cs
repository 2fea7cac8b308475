using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Recall.Grains.Hosting;
using Recall.Silo.Hosting;
using Recall.Silo.Storage;
using Recall.Silo.Telemetry;

namespace Recall.Silo.Reminders;

/// <summary>
/// Fires durable reminders as turns of their grains. The table is the truth: every due row fires,
/// however long the silo was down (no occurrence is skipped, unlike Orleans), and a firing advances
/// the row in the same transaction as the grain's turn, so an occurrence is handled exactly once.
/// The next due time is held in memory and moved earlier by every commit that registers a
/// reminder, so a reminder due in a second fires on time without polling the table that often.
/// </summary>
internal sealed class ReminderService : BackgroundService
{
    private readonly IReminderTable table;
    private readonly ActivationDirectory directory;
    private readonly TimeProvider time;
    private readonly ReminderOptions options;
    private readonly SiloTelemetry telemetry;
    private readonly SiloLog log;
    private readonly SemaphoreSlim wake = new(0);
    private readonly ConcurrentDictionary<(GrainId, string, DateTimeOffset), Task<bool>> inFlight = new();
    private readonly ConcurrentDictionary<(GrainId, string), (DateTimeOffset RetryAt, int Failures)> failing = new();
    private long nextDueTicks = long.MaxValue;

    public ReminderService(IReminderTable table, ActivationDirectory directory, TimeProvider time, IOptions<ReminderOptions> options, SiloTelemetry telemetry, SiloLog log)
    {
        this.table = table;
        this.directory = directory;
        this.time = time;
        this.options = options.Value;
        this.telemetry = telemetry;
        this.log = log;
        directory.Committed += OnCommitted;
    }

    /// <summary>The earliest due time of any reminder (from the table), or null.</summary>
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken) => table.GetNextDueAsync(cancellationToken);

    /// <summary>
    /// Fires every reminder due by now and waits for their turns, including firings another caller
    /// (the background loop) had already started; returns how many occurrences ran.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await table.GetDueAsync(now, options.BatchSize, cancellationToken);
            var turns = new List<Task<bool>>(due.Count);
            foreach (var reminder in due)
            {
                if (failing.GetValueOrDefault((reminder.Grain, reminder.Name)).RetryAt > now)
                {
                    continue;
                }

                var key = (reminder.Grain, reminder.Name, reminder.DueAt);
                var mine = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                var firing = inFlight.GetOrAdd(key, mine.Task);
                if (firing == mine.Task)
                {
                    _ = FireAndReleaseAsync(reminder, key, mine);
                }

                turns.Add(firing);
            }

            var results = await Task.WhenAll(turns);
            fired += results.Count(ran => ran);
            if (due.Count < options.BatchSize || turns.Count == 0)
            {
                return fired;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(stoppingToken);
                var next = await table.GetNextDueAsync(stoppingToken);
                MoveNextDue(next ?? DateTimeOffset.MaxValue, replace: true);
                var untilNext = new DateTimeOffset(Interlocked.Read(ref nextDueTicks), TimeSpan.Zero) - time.GetUtcNow();
                var wait = untilNext < options.PollInterval ? untilNext : options.PollInterval;
                if (wait > TimeSpan.Zero)
                {
                    await wake.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.ReminderLoopFailed(e);
                await Task.Delay(options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task FireAndReleaseAsync(DueReminder reminder, (GrainId, string, DateTimeOffset) key, TaskCompletionSource<bool> done)
    {
        var fired = await FireAsync(reminder);
        inFlight.TryRemove(key, out _);
        done.TrySetResult(fired);
    }

    private async Task<bool> FireAsync(DueReminder reminder)
    {
        var tick = new ReminderTick(reminder.Name, reminder.DueAt, $"{reminder.Name}@{reminder.DueAt.ToUnixTimeMilliseconds()}");
        var turn = new ReminderTurn(tick, SiloTelemetry.ParseParent(reminder.TraceParent),
            started: () => telemetry.ReminderFired(reminder.Grain.Type, time.GetUtcNow() - reminder.DueAt));
        try
        {
            directory.Enqueue(reminder.Grain, turn);
            await turn.Task;
            if (turn.Fired)
            {
                failing.TryRemove((reminder.Grain, reminder.Name), out _);
            }
            else
            {
                // The grain's reminder had already moved: the row will be gone or later on the next read.
                Backoff(reminder);
            }

            return turn.Fired;
        }
        catch (Exception e)
        {
            // The row was not advanced, so the occurrence stays due; back off so one broken grain cannot spin the loop.
            Backoff(reminder);
            log.ReminderFailed(e, reminder.Grain.ToString(), reminder.Name);
            return false;
        }
    }

    private void Backoff(DueReminder reminder)
    {
        var failures = failing.GetValueOrDefault((reminder.Grain, reminder.Name)).Failures + 1;
        var delay = TimeSpan.FromTicks(Math.Min(options.RetryDelay.Ticks << Math.Min(failures - 1, 16), TimeSpan.FromMinutes(1).Ticks));
        failing[(reminder.Grain, reminder.Name)] = (time.GetUtcNow() + delay, failures);
    }

    private void OnCommitted(GrainCommit commit)
    {
        foreach (var entry in commit.ReminderChanges.Values)
        {
            if (entry is not null && MoveNextDue(entry.DueAt, replace: false))
            {
                wake.Release();
            }
        }
    }

    /// <summary>Moves the in-memory next due time; returns true when it moved earlier.</summary>
    private bool MoveNextDue(DateTimeOffset dueAt, bool replace)
    {
        while (true)
        {
            var current = Interlocked.Read(ref nextDueTicks);
            if (!replace && dueAt.UtcTicks >= current)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref nextDueTicks, dueAt.UtcTicks, current) == current)
            {
                return dueAt.UtcTicks < current;
            }
        }
    }

    public override void Dispose()
    {
        directory.Committed -= OnCommitted;
        wake.Dispose();
        base.Dispose();
    }
}
