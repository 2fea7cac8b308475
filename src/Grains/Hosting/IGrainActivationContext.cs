namespace Recall.Grains.Hosting;

/// <summary>What the host offers one grain activation. Implemented by the silo.</summary>
public interface IGrainActivationContext
{
    GrainId Id { get; }

    IGrainFactory GrainFactory { get; }

    TimeProvider Time { get; }

    void RegisterOrUpdateReminder(string name, DateTimeOffset dueAt, TimeSpan? period);

    void UnregisterReminder(string name);

    ReminderEntry? GetReminder(string name);

    /// <summary>All of the grain's reminders as of the current turn.</summary>
    IReadOnlyList<ReminderEntry> GetReminders();

    void Send(OutboxMessage message);

    void CancelMessage(string messageKey);

    /// <summary>Records, with this turn, the final outcome of one of the grain's outbox messages (closing its row).</summary>
    void CompleteOutbox(OutboxResult result);

    /// <summary>Asks the host to drop this activation from memory once its mailbox is empty (the next call activates it again).</summary>
    void DeactivateOnIdle();
}
