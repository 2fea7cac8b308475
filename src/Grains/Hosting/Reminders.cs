using Orleans;

namespace Recall.Grains.Hosting;

/// <summary>A durable reminder of a grain: one-shot when <see cref="Period"/> is null.</summary>
[GenerateSerializer, Immutable]
public sealed record ReminderEntry(string Name, DateTimeOffset DueAt, TimeSpan? Period);

/// <summary>
/// One occurrence of a reminder. <see cref="OccurrenceId"/> is stable (name and due time), so a
/// handler that runs again after a crash can tell it already handled the occurrence.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct ReminderTick(string Name, DateTimeOffset DueAt, string OccurrenceId);

/// <summary>
/// Runs a grain's due reminders (its agenda), each occurrence a turn of its own. Every grain takes
/// it (<see cref="Grain"/> implements it; on Orleans the silo's turn filter runs it, as it runs the
/// Orleans reminder that wakes the grain). Returns how many occurrences ran.
/// </summary>
public interface IAgendaGrain : IGrain
{
    Task<int> RunDueAsync();
}

/// <summary>A grain that receives reminder ticks. Each tick is a turn of the grain.</summary>
public interface IRemindable
{
    /// <summary>Handles one occurrence of one of the grain's reminders.</summary>
    Task ReceiveReminderAsync(ReminderTick tick);
}
