namespace Recall.Grains.Hosting;

/// <summary>A durable reminder of a grain: one-shot when <see cref="Period"/> is null.</summary>
public sealed record ReminderEntry(string Name, DateTimeOffset DueAt, TimeSpan? Period);

/// <summary>
/// One occurrence of a reminder. <see cref="OccurrenceId"/> is stable (name and due time), so a
/// handler that runs again after a crash can tell it already handled the occurrence.
/// </summary>
public readonly record struct ReminderTick(string Name, DateTimeOffset DueAt, string OccurrenceId);

/// <summary>A grain that receives reminder ticks. Each tick is a turn of the grain.</summary>
public interface IRemindable
{
    /// <summary>Handles one occurrence of one of the grain's reminders.</summary>
    Task ReceiveReminderAsync(ReminderTick tick);
}
