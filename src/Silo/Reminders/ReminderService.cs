using Recall.Grains;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Recall.Grains.Hosting;
using Recall.Silo.Cluster;
using Recall.Silo.Storage;
using Recall.Silo.Telemetry;
using Recall.Silo.Turns;
using Recall.Silo.Work;

namespace Recall.Silo.Reminders;

/// <summary>
/// Finds grains whose agenda (their reminder rows, the truth about what is due) has work due, and
/// asks each to run it (<see cref="IAgendaGrain.RunDueAsync"/>): every due row runs however long the
/// silo was down, and each occurrence commits with the advance of its row, exactly once. On the
/// manual clock this is what runs due work at each step of the clock's advance; on the system clock
/// each grain's Orleans reminder wakes it too (Turns/AgendaWakeUps), and this poll finds any wake-up
/// that was lost. The loop sleeps until the next due time and every commit that registers an earlier
/// reminder wakes it. On PostgreSQL due rows are claimed with a lease, so silos share the work.
/// </summary>
internal sealed class ReminderService : DueWorkLoop
{
    private readonly IReminderTable table;
    private readonly CommitEvents commits;
    private readonly GrainReferences grains;
    private readonly TimeProvider time;
    private readonly ReminderOptions options;
    private readonly SiloTelemetry telemetry;
    private readonly SiloLog log;
    private readonly SemaphoreSlim pass = new(1, 1);
    /// <summary>
    /// Reminders whose turn failed, and when (real time) to try again. A failure is about something
    /// broken (a grain, a silo that died), not about the domain's time: on the manual clock, a back-off
    /// measured in its time would wait for an advance that may never come.
    /// </summary>
    private readonly ConcurrentDictionary<(GrainId, string), (DateTimeOffset RetryAt, int Failures)> failing = new();

    private readonly ClaimRegistry claims;
    private readonly CrashPoints crashPoints;

    public ReminderService(
        IReminderTable table, GrainReferences grains, CommitEvents commits, ClaimRegistry claims, CrashPoints crashPoints, [FromKeyedServices(RecallClock.Key)] TimeProvider time, IOptions<ReminderOptions> options, SiloTelemetry telemetry, SiloLog log)
        : base(time, options.Value.PollInterval)
    {
        this.claims = claims;
        this.crashPoints = crashPoints;
        this.table = table;
        this.time = time;
        this.options = options.Value;
        this.telemetry = telemetry;
        this.log = log;
        this.commits = commits;
        this.grains = grains;
        commits.Committed += OnCommitted;
    }

    /// <summary>The earliest due time of any reminder (from the table), or null.</summary>
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken) => table.GetNextDueAsync(cancellationToken);

    /// <summary>
    /// Fires every reminder due by now and waits for their turns; returns how many occurrences ran.
    /// Passes run one at a time, so a pass that starts while another runs sees what it did.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        await pass.WaitAsync(cancellationToken);
        try
        {
            var fired = 0;
            using var gate = new SemaphoreSlim(options.Parallelism);
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                // Reminders backing off still come back from the table (on SQLite): read past them so they cannot crowd out the rest.
                var due = await table.ClaimDueAsync(now, options.BatchSize + failing.Count, CancellationToken.None);
                if (due.Count > 0)
                {
                    crashPoints.Reached(CrashPoints.RemindersClaimed);
                }

                var turns = new List<Task<bool>>(due.Count);
                foreach (var reminder in due)
                {
                    if (failing.GetValueOrDefault((reminder.Grain, reminder.Name)).RetryAt > TimeProvider.System.GetUtcNow())
                    {
                        continue; // Not renewed, the claim (on PostgreSQL) runs out: that is the back-off.
                    }

                    await gate.WaitAsync(CancellationToken.None);
                    turns.Add(FireAndReleaseGateAsync(reminder, gate));
                }

                var results = await Task.WhenAll(turns);
                fired += results.Count(ran => ran);
                if (due.Count < options.BatchSize + failing.Count || turns.Count == 0)
                {
                    break;
                }
            }

            return fired;
        }
        finally
        {
            pass.Release();
        }
    }

    protected override Task<int> RunDueAsync(CancellationToken cancellationToken) => FireDueAsync(cancellationToken);

    protected override Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => table.GetNextDueAsync(cancellationToken);

    protected override void LoopFailed(Exception exception) => log.ReminderLoopFailed(exception);

    private async Task<bool> FireAndReleaseGateAsync(DueReminder reminder, SemaphoreSlim gate)
    {
        claims.Working(reminder.Grain, reminder.Name);
        try
        {
            return await FireAsync(reminder);
        }
        finally
        {
            claims.Done(reminder.Grain, reminder.Name);
            gate.Release();
        }
    }

    /// <summary>
    /// A grain on Orleans runs its own due reminders when asked (each a turn, committing the reminder's
    /// advance with it); its Orleans reminder wakes it too, and whichever comes second finds nothing due.
    /// </summary>
    private async Task<bool> FireAsync(DueReminder reminder)
    {
        // The call continues the trace of the turn that set the reminder (its row keeps the trace parent).
        using var wake = SiloTelemetry.Source.StartActivity("wake", System.Diagnostics.ActivityKind.Internal, SiloTelemetry.ParseParent(reminder.TraceParent));
        try
        {
            var ran = await grains.GetGrain<IAgendaGrain>(reminder.Grain).RunDueAsync();
            failing.TryRemove((reminder.Grain, reminder.Name), out _);
            return ran > 0;
        }
        catch (Exception e)
        {
            Backoff(reminder, ClusterFailures.IsTransient(e));
            log.ReminderFailed(e, reminder.Grain.ToString(), reminder.Name);
            return false;
        }
    }

    private void Backoff(DueReminder reminder, bool transient)
    {
        var failures = transient ? 1 : failing.GetValueOrDefault((reminder.Grain, reminder.Name)).Failures + 1;
        var delay = TimeSpan.FromTicks(Math.Min(options.RetryDelay.Ticks << Math.Min(failures - 1, 16), TimeSpan.FromMinutes(1).Ticks));
        failing[(reminder.Grain, reminder.Name)] = (TimeProvider.System.GetUtcNow() + delay, failures);
    }

    /// <summary>Another silo committed a reminder due at <paramref name="due"/> (PostgreSQL NOTIFY).</summary>
    public void Notify(DateTimeOffset due) => WakeIfEarlier(due);

    private void OnCommitted(GrainCommit commit)
    {
        foreach (var entry in commit.ReminderChanges.Values)
        {
            if (entry is not null)
            {
                WakeIfEarlier(entry.DueAt);
            }
        }
    }

    public override void Dispose()
    {
        commits.Committed -= OnCommitted;
        pass.Dispose();
        base.Dispose();
    }
}
