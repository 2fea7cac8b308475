using System.Diagnostics;
using System.Diagnostics.Metrics;
using Recall.Grains.Hosting;

namespace Recall.Silo.Telemetry;

/// <summary>
/// The silo's spans and metrics in one place. Attribute names follow OpenTelemetry's conventions
/// where one exists (messaging.system, error.type); the rest use the "recall." prefix.
/// Tags are added only when a listener asks for them (IsAllDataRequested), as Npgsql does.
/// </summary>
public sealed class SiloTelemetry : IDisposable
{
    public const string Name = "Recall.Silo";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter meter;
    private readonly Counter<long> turns;
    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> conflicts;
    private readonly Counter<long> remindersFired;
    private readonly Histogram<double> reminderLateness;
    private readonly Counter<long> sends;
    private readonly Histogram<long> commitBatch;

    public SiloTelemetry(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(Name);
        turns = meter.CreateCounter<long>("recall.grain.turns", "{turn}", "Grain turns by grain type and outcome (committed, read, failed, skipped).");
        turnDuration = meter.CreateHistogram<double>("recall.grain.turn.duration", "s", "How long a turn took, commit included.");
        conflicts = meter.CreateCounter<long>("recall.grain.etag_conflicts", "{conflict}", "Turns re-run because the stored ETag had moved.");
        remindersFired = meter.CreateCounter<long>("recall.reminders.fired", "{reminder}", "Reminder occurrences fired.");
        reminderLateness = meter.CreateHistogram<double>("recall.reminder.lateness", "s", "From a reminder's due time to the start of its turn.");
        sends = meter.CreateCounter<long>("recall.outbox.sends", "{message}", "Outbox send attempts by channel and outcome.");
        commitBatch = meter.CreateHistogram<long>("recall.storage.commit_batch", "{turn}", "Turns committed together in one database transaction.");
    }

    public Meter Meter => meter;

    public static Activity? StartTurn(GrainId grain, string turnName, ActivityContext parent)
    {
        if (!Source.HasListeners())
        {
            return null; // No span would start: skip building its name (a string per turn).
        }

        var activity = Source.StartActivity($"{grain.Type} {turnName}", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("recall.grain.type", grain.Type);
            activity.SetTag("recall.grain.key", grain.Key);
            activity.SetTag("recall.turn", turnName);
        }

        return activity;
    }

    public static Activity? StartSend(string channel, long outboxId, ActivityContext parent)
    {
        var activity = Source.StartActivity($"send {channel}", ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", channel);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("recall.outbox.id", outboxId);
        }

        return activity;
    }

    public static ActivityContext ParseParent(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context : default;

    public void TurnEnded(string grainType, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "recall.grain.type", grainType }, { "recall.turn.outcome", outcome } };
        turns.Add(1, tags);
        turnDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void ConflictRetried(string grainType) => conflicts.Add(1, new KeyValuePair<string, object?>("recall.grain.type", grainType));

    public void ReminderFired(string grainType, TimeSpan lateness)
    {
        var tag = new KeyValuePair<string, object?>("recall.grain.type", grainType);
        remindersFired.Add(1, tag);
        reminderLateness.Record(Math.Max(0, lateness.TotalSeconds), tag);
    }

    public void SendAttempted(string channel, string outcome) =>
        sends.Add(1, new TagList { { "messaging.system", channel }, { "recall.send.outcome", outcome } });

    public void BatchCommitted(int turnsInBatch) => commitBatch.Record(turnsInBatch);

    public void Dispose() => meter.Dispose();
}
