using Recall.Api.Audit;
using Recall.Grains;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Recall.Grains.Hosting;
using Recall.Silo.Cluster;
using Recall.Silo.Storage;
using Recall.Silo.Telemetry;
using Recall.Silo.Turns;
using Recall.Silo.Work;

namespace Recall.Silo.Outbox;

/// <summary>
/// Sends committed outbox messages through their channels, after the turn that made them. A
/// transient failure is retried with exponential backoff and jitter; a permanent one is not. The
/// final outcome goes back to the sending grain as a turn that also closes the outbox row, so the
/// grain decides what happens next (fall back to email, queue for staff, ...).
/// </summary>
internal sealed class OutboxDispatcher : DueWorkLoop
{
    private readonly IOutboxStore store;
    private readonly GrainReferences grains;
    private readonly CommitEvents commits;
    private readonly Dictionary<string, IOutboxChannel> channels;
    private readonly TimeProvider time;
    private readonly OutboxOptions options;
    private readonly SiloTelemetry telemetry;
    private readonly SiloLog log;
    private readonly SemaphoreSlim pass = new(1, 1);
    private long backlog;
    private long backlogReadAt;

    /// <summary>Messages a channel accepted whose outcome could not be stored yet: never sent again, only recorded.</summary>
    private readonly ConcurrentDictionary<long, (OutboxEntry Message, OutboxResult Result)> unrecorded = new();

    private readonly ClaimRegistry claims;
    private readonly CrashPoints crashPoints;
    private readonly IAuditLog audit;

    public OutboxDispatcher(
        ClaimRegistry claims,
        CrashPoints crashPoints,
        IOutboxStore store,
        GrainReferences grains,
        CommitEvents commits,
        IEnumerable<IOutboxChannel> channels,
        [FromKeyedServices(RecallClock.Key)] TimeProvider time,
        IOptions<OutboxOptions> options,
        SiloTelemetry telemetry,
        SiloLog log,
        IAuditLog audit)
        : base(time, options.Value.PollInterval)
    {
        this.audit = audit;
        this.claims = claims;
        this.crashPoints = crashPoints;
        this.store = store;
        this.grains = grains;
        this.channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        this.time = time;
        this.options = options.Value;
        this.telemetry = telemetry;
        this.log = log;
        this.commits = commits;
        commits.Committed += OnCommitted;
        telemetry.Meter.CreateObservableGauge("recall.outbox.backlog", ObserveBacklog, "{message}", "Outbox messages waiting to be sent (refreshed at most every 5 s).");
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken) => store.GetNextDueAsync(cancellationToken);

    /// <summary>
    /// Sends every message whose time has come and waits for the outcomes; returns how many were
    /// handled. Passes run one at a time, so a pass that starts while another runs (the clock's
    /// advance and the background loop) sees what the other one did. A send, once started, is not
    /// cancelled: cancelling halfway would leave a message sent but unrecorded.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await pass.WaitAsync(cancellationToken);
        try
        {
            var handled = await RecordUnrecordedAsync();
            using var gate = new SemaphoreSlim(options.Parallelism);
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = await store.ClaimDueAsync(time.GetUtcNow(), options.BatchSize, CancellationToken.None);
                var sends = new List<Task>(due.Count);
                foreach (var message in due.Where(m => !unrecorded.ContainsKey(m.Id)))
                {
                    await gate.WaitAsync(CancellationToken.None);
                    sends.Add(SendAndReleaseAsync(message, gate));
                }

                await Task.WhenAll(sends);
                handled += sends.Count;
                if (due.Count < options.BatchSize)
                {
                    break;
                }
            }

            return handled;
        }
        finally
        {
            pass.Release();
        }
    }

    protected override Task<int> RunDueAsync(CancellationToken cancellationToken) => DispatchDueAsync(cancellationToken);

    protected override Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => store.GetNextDueAsync(cancellationToken);

    protected override void LoopFailed(Exception exception) => log.OutboxLoopFailed(exception);

    private async Task SendAndReleaseAsync(OutboxEntry message, SemaphoreSlim gate)
    {
        claims.Working(message.Id);
        try
        {
            if (!await store.ConfirmClaimAsync(message.Id, CancellationToken.None))
            {
                return; // Withdrawn by its grain, or (on a shared database) no longer ours.
            }

            if (SendWindow.Parse(message.SendWindow)?.NextOpen(time.GetUtcNow()) is { } opens && opens > time.GetUtcNow())
            {
                // Quiet hours hold at send time too (a retry, a backlog after downtime): wait, not counted as an attempt.
                await store.RescheduleAsync(message.Id, message.Attempts, opens, "Outside the sending window; waiting for it to open.", CancellationToken.None);
                return;
            }

            await SendAsync(message, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Not renewed any more, the claim (on PostgreSQL) runs out and the message is tried again,
            // unless it was sent: then "unrecorded" holds its outcome and it is only recorded.
            log.OutboxLoopFailed(e);
        }
        finally
        {
            claims.Done(message.Id);
            gate.Release();
        }
    }

    /// <summary>The last counted backlog; a stale count triggers a fresh one in the background, so observing never blocks.</summary>
    private long ObserveBacklog()
    {
        var last = Interlocked.Read(ref backlogReadAt);
        if (Stopwatch.GetElapsedTime(last) > TimeSpan.FromSeconds(5) && Interlocked.CompareExchange(ref backlogReadAt, Stopwatch.GetTimestamp(), last) == last)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    Interlocked.Exchange(ref backlog, await store.CountPendingAsync(CancellationToken.None));
                }
                catch (Exception e)
                {
                    log.OutboxLoopFailed(e);
                }
            });
        }

        return Interlocked.Read(ref backlog);
    }

    private async Task<int> RecordUnrecordedAsync()
    {
        var recorded = 0;
        foreach (var (id, (message, result)) in unrecorded)
        {
            try
            {
                await ReportAsync(message, result);
                unrecorded.TryRemove(id, out _);
                recorded++;
            }
            catch (Exception e)
            {
                log.OutboxLoopFailed(e);
            }
        }

        return recorded;
    }

    private async Task SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        using var activity = SiloTelemetry.StartSend(message.Channel, message.Id, SiloTelemetry.ParseParent(message.TraceParent));
        var attempts = message.Attempts + 1;
        ChannelResult result;
        if (!channels.TryGetValue(message.Channel, out var channel))
        {
            result = new ChannelResult.PermanentFailure($"No channel named '{message.Channel}' is configured.");
        }
        else if (message.Channel == "sms" && await store.IsSmsOptedOutAsync(message.Tenant, message.Recipient, cancellationToken))
        {
            // A STOP that arrived after the message was queued still stops it: the grain hears and falls back.
            result = new ChannelResult.PermanentFailure("21610: the number opted out (STOP); not sent.");
        }
        else if (message.AttemptInFlight && !channel.IsIdempotent)
        {
            // The silo stopped while this message was being handed to the channel: it may have gone out.
            result = new ChannelResult.Uncertain("The silo stopped during this send; it is not sent again.");
        }
        else
        {
            if (!channel.IsIdempotent)
            {
                await store.MarkAttemptStartedAsync(message.Id, time.GetUtcNow(), CancellationToken.None);
            }

            try
            {
                crashPoints.Reached(CrashPoints.Sending);
                result = await channel.SendAsync(message, cancellationToken);
                crashPoints.Reached(CrashPoints.Sent);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = channel.IsIdempotent
                    ? new ChannelResult.TransientFailure($"{e.GetType().Name}: {e.Message}")
                    : new ChannelResult.Uncertain($"{e.GetType().Name} during the send: {e.Message}");
            }
        }

        var now = time.GetUtcNow();
        switch (result)
        {
            case ChannelResult.Sent sent:
                telemetry.SendAttempted(message.Channel, "sent");
                await RecordAsync(message, new OutboxResult(message.Id, message.MessageKey, message.Channel, OutboxOutcome.Sent, now, attempts, sent.ProviderMessageId));
                break;
            case ChannelResult.TransientFailure transient when attempts < options.MaxAttempts:
                telemetry.SendAttempted(message.Channel, "retry");
                var next = now + (transient.RetryAfter ?? RetryDelay(attempts));
                log.SendRetrying(message.Id, message.Channel, attempts, transient.Error, next);
                activity?.SetStatus(ActivityStatusCode.Error, transient.Error);
                await store.RescheduleAsync(message.Id, attempts, next, transient.Error, cancellationToken);
                break;
            case ChannelResult.Uncertain when await store.FindAsync(message.Id, CancellationToken.None) is { Delivery: not null }:
                // A status callback already came for it (callbacks can beat a slow or timed-out create): it was sent.
                telemetry.SendAttempted(message.Channel, "sent");
                await RecordAsync(message, new OutboxResult(message.Id, message.MessageKey, message.Channel, OutboxOutcome.Sent, now, attempts));
                break;
            case ChannelResult.Uncertain uncertain:
                telemetry.SendAttempted(message.Channel, "uncertain");
                log.SendUncertain(message.Id, message.Channel, uncertain.Error);
                activity?.SetStatus(ActivityStatusCode.Error, uncertain.Error);
                await RecordAsync(message, new OutboxResult(message.Id, message.MessageKey, message.Channel, OutboxOutcome.Uncertain, now, attempts, Error: uncertain.Error));
                break;
            default:
                var error = result switch
                {
                    ChannelResult.TransientFailure t => t.Error,
                    ChannelResult.PermanentFailure p => p.Error,
                    _ => "unknown",
                };
                telemetry.SendAttempted(message.Channel, "failed");
                log.SendFailed(message.Id, message.Channel, attempts, error);
                activity?.SetStatus(ActivityStatusCode.Error, error);
                await RecordAsync(message, new OutboxResult(message.Id, message.MessageKey, message.Channel, OutboxOutcome.Failed, now, attempts, Error: error));
                break;
        }
    }

    /// <summary>Exponential backoff with ±20% jitter, so retries from many patients do not arrive in step.</summary>
    private TimeSpan RetryDelay(int attempts)
    {
        var exponential = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempts - 1);
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    /// <summary>Records a final outcome; until it is stored the message is held here, so it is never attempted again.</summary>
    private async Task RecordAsync(OutboxEntry message, OutboxResult result)
    {
        unrecorded[message.Id] = (message, result);
        await AuditAsync(message, result);
        await ReportAsync(message, result);
        unrecorded.TryRemove(message.Id, out _);
    }

    /// <summary>
    /// A message that left (or may have) goes into the clinic's audit log: channel, outbox id and purpose, never its text
    /// or address. The log's failure never holds a send's outcome back.
    /// </summary>
    private async Task AuditAsync(OutboxEntry message, OutboxResult result)
    {
        if (result.Outcome == OutboxOutcome.Failed)
        {
            return;
        }

        var patientId = message.Grain.Type == "patient" && message.Grain.Key.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
            ? message.Grain.Key[(slash + 1)..]
            : null;
        var action = result.Outcome == OutboxOutcome.Sent ? $"{message.Channel} sent" : $"{message.Channel} perhaps sent (uncertain)";
        try
        {
            await audit.AppendAsync(message.Tenant, result.At, "system", action, patientId, $"outbox {message.Id}: {message.MessageKey}", CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.AuditFailed(message.Id, e);
        }
    }

    /// <summary>Hands the outcome to the grain that sent the message; its turn's commit closes the row.</summary>
    private async Task ReportAsync(OutboxEntry message, OutboxResult result)
    {
        try
        {
            await grains.GetGrain<IOutboxResultHandler>(message.Grain).ReceiveOutboxResultAsync(result);
            return;
        }
        catch (Exception e) when (!ClusterFailures.IsTransient(e))
        {
            // The grain could not take the result; close the row anyway, or a retry would send the message twice.
            // (A grain the cluster cannot reach for now is different: the result stays unrecorded, held here so
            // the message is not sent again, and is delivered on a later pass.)
        }

        await store.CompleteAsync(result, CancellationToken.None);
    }

    /// <summary>Another silo committed a message sendable at <paramref name="due"/> (PostgreSQL NOTIFY).</summary>
    public void Notify(DateTimeOffset due) => WakeIfEarlier(due);

    private void OnCommitted(GrainCommit commit)
    {
        foreach (var message in commit.Outbox)
        {
            WakeIfEarlier(message.NotBefore ?? commit.At);
        }
    }

    public override void Dispose()
    {
        commits.Committed -= OnCommitted;
        pass.Dispose();
        base.Dispose();
    }
}
