using Recall.Grains.Hosting;

namespace Recall.Silo.Storage;

/// <summary>A grain as stored: its state document, ETag and reminders.</summary>
public sealed record StoredGrain(byte[] State, long ETag, IReadOnlyList<ReminderEntry> Reminders);

/// <summary>
/// Everything one turn changes, committed in one transaction or not at all. The state is written
/// only if the stored ETag still equals <see cref="ExpectedETag"/>; otherwise the commit fails with
/// <see cref="ETagConflictException"/> and the turn re-runs on fresh state.
/// </summary>
public sealed record GrainCommit(
    GrainId Id,
    long ExpectedETag,
    byte[] State,
    IReadOnlyDictionary<string, ReminderEntry?> ReminderChanges,
    IReadOnlyList<OutboxMessage> Outbox,
    IReadOnlyList<QueryRow> RowUpserts,
    IReadOnlyList<QueryRow> RowDeletes,
    InboxRecord? Inbox,
    OutboxResult? CompletedOutbox,
    DateTimeOffset At,
    string? TraceParent,
    IReadOnlyList<string>? CancelledMessages = null)
{
    public long NewETag => ExpectedETag + 1;
}

/// <summary>A command applied under an idempotency key, with the result it returned.</summary>
public sealed record InboxRecord(string Scope, string Key, string RequestHash, GrainId Grain, string Method, byte[]? Result);

/// <summary>A reminder occurrence that is due (or about to be).</summary>
public sealed record DueReminder(GrainId Grain, string Name, DateTimeOffset DueAt, TimeSpan? Period, string? TraceParent);

/// <summary>An outbox row waiting to be sent.</summary>
public sealed record OutboxEntry(
    long Id,
    GrainId Grain,
    string Tenant,
    string MessageKey,
    string Channel,
    string Recipient,
    string? Subject,
    string Body,
    int Attempts,
    string? TraceParent,
    bool AttemptInFlight = false,
    string? SendWindow = null,
    string? Sender = null,
    string? Calendar = null);

/// <summary>An outbox row as a delivery report finds it: its message, status (pending, sent, failed, uncertain) and delivery stage.</summary>
public sealed record OutboxRecord(OutboxEntry Message, string Status, DeliveryStage? Delivery);

/// <summary>Another writer (another silo, or a stale activation) changed the grain since it was read.</summary>
// Thrown inside a grain's turn: Orleans carries them (with [GenerateSerializer]) to a caller on another silo.

[Orleans.GenerateSerializer]
public sealed class ETagConflictException(GrainId id) : Exception($"The stored state of {id} changed since it was read.");

/// <summary>The outcome of an outbox message was already recorded (by another silo): this turn must not record it again.</summary>
[Orleans.GenerateSerializer]
public sealed class StaleOutboxResultException(long outboxId) : Exception($"The outcome of outbox message {outboxId} is already recorded.");
