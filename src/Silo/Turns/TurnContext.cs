using Recall.Grains.Hosting;

namespace Recall.Silo.Turns;

/// <summary>
/// What one turn wants to change besides the state: reminder changes, outbox messages and the
/// host's own writes. Nothing here touches the database until the turn commits. An activation
/// reuses one for all its turns (one at a time): a commit copies what it takes from it.
/// </summary>
internal sealed class TurnContext
{
    private IReadOnlyDictionary<string, ReminderEntry> committedReminders = new Dictionary<string, ReminderEntry>();

    /// <summary>Empties the context for a new turn on the activation's committed reminders.</summary>
    public TurnContext Begin(IReadOnlyDictionary<string, ReminderEntry> committed)
    {
        committedReminders = committed;
        ReminderChanges.Clear();
        Outbox.Clear();
        CancelledMessages.Clear();
        CompletedOutbox = null;
        return this;
    }

    /// <summary>Reminder changes by name; a null value removes the reminder.</summary>
    public Dictionary<string, ReminderEntry?> ReminderChanges { get; } = new(StringComparer.Ordinal);

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Keys of this grain's queued messages to withdraw.</summary>
    public List<string> CancelledMessages { get; } = [];

    /// <summary>The outbox message whose outcome this turn records, if any.</summary>
    public OutboxResult? CompletedOutbox { get; set; }

    /// <summary>True while the turn has changed nothing besides (perhaps) the state.</summary>
    public bool IsEmpty => ReminderChanges.Count == 0 && Outbox.Count == 0 && CancelledMessages.Count == 0 && CompletedOutbox is null;

    public ReminderEntry? GetReminder(string name) =>
        ReminderChanges.TryGetValue(name, out var changed) ? changed : committedReminders.GetValueOrDefault(name);

    public IReadOnlyList<ReminderEntry> GetReminders()
    {
        var names = committedReminders.Keys.Union(ReminderChanges.Keys, StringComparer.Ordinal);
        return [.. names.Select(GetReminder).OfType<ReminderEntry>()];
    }

    public void RegisterOrUpdateReminder(string name, DateTimeOffset dueAt, TimeSpan? period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period is { } p && p < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(period), "A reminder's period is at least one second.");
        }

        // Stored to the millisecond: an in-memory entry with finer ticks would never match its stored occurrence.
        var entry = new ReminderEntry(name, DateTimeOffset.FromUnixTimeMilliseconds(dueAt.ToUnixTimeMilliseconds()), period);
        if (GetReminder(name) == entry)
        {
            return; // What this turn already has: nothing to change.
        }

        if (committedReminders.GetValueOrDefault(name) == entry)
        {
            ReminderChanges.Remove(name); // Back to what is stored: nothing to write.
        }
        else
        {
            ReminderChanges[name] = entry;
        }
    }

    public void UnregisterReminder(string name)
    {
        if (committedReminders.ContainsKey(name))
        {
            ReminderChanges[name] = null;
        }
        else
        {
            ReminderChanges.Remove(name);
        }
    }

    /// <summary>
    /// Takes one occurrence of a reminder for this turn: the reminder moves to its next occurrence (or
    /// goes), in the same commit as whatever the handler does, so the occurrence is handled exactly
    /// once. False if the occurrence is stale (the reminder was moved or removed since it fell due).
    /// </summary>
    public bool TakeOccurrence(ReminderTick tick)
    {
        if (GetReminder(tick.Name) is not { } reminder || reminder.DueAt != tick.DueAt)
        {
            return false;
        }

        if (reminder.Period is { } period)
        {
            RegisterOrUpdateReminder(tick.Name, reminder.DueAt + period, period);
        }
        else
        {
            UnregisterReminder(tick.Name);
        }

        return true;
    }

    public void CancelMessage(string messageKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageKey);
        Outbox.RemoveAll(m => m.MessageKey == messageKey);
        if (!CancelledMessages.Contains(messageKey))
        {
            CancelledMessages.Add(messageKey);
        }
    }

    public void Send(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.MessageKey);
        if (Outbox.Any(m => m.MessageKey == message.MessageKey))
        {
            throw new InvalidOperationException($"The turn already sends a message with key '{message.MessageKey}'.");
        }

        Outbox.Add(message);
    }
}
