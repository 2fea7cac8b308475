using Recall.Grains.Hosting;

namespace Recall.Silo.Storage;

/// <summary>Grain state, turns' commits and the inbox. One implementation per database.</summary>
public interface IGrainStore
{
    Task<StoredGrain?> LoadAsync(GrainId id, CancellationToken cancellationToken);

    /// <summary>Commits a turn atomically; throws <see cref="ETagConflictException"/> on a stale ETag or a taken idempotency key.</summary>
    Task CommitAsync(GrainCommit commit, CancellationToken cancellationToken);

    Task<InboxRecord?> FindInboxAsync(string scope, string key, CancellationToken cancellationToken);
}

/// <summary>The durable reminders, as the reminder service reads them.</summary>
public interface IReminderTable
{
    /// <summary>
    /// Reminders due at or before <paramref name="now"/>, earliest first, claimed for this silo
    /// (on a shared database, with a lease other silos respect until it expires; a claim this silo
    /// stops renewing runs out, which is how it gives work back).
    /// </summary>
    Task<IReadOnlyList<DueReminder>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time of any reminder no other silo holds, or null when there is none.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);
}

/// <summary>The outbox, as the dispatcher reads and updates it.</summary>
public interface IOutboxStore
{
    /// <summary>Pending messages whose time has come, oldest first, claimed for this silo (as reminders are).</summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Just before a send: true if this silo still holds the message (and its lease is extended).
    /// A silo that lost its lease (paused past it) must not send what another silo may be sending.
    /// </summary>
    Task<bool> ConfirmClaimAsync(long id, CancellationToken cancellationToken);

    /// <summary>The earliest time a pending message no other silo holds becomes sendable, or null.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);

    /// <summary>Marks a send as started, durably, before a channel that is not idempotent is called.</summary>
    Task MarkAttemptStartedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a transient failure and when to try again.</summary>
    Task RescheduleAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken);

    /// <summary>Closes a message whose grain does not take results (no turn to commit it with).</summary>
    Task CompleteAsync(OutboxResult result, CancellationToken cancellationToken);

    Task<long> CountPendingAsync(CancellationToken cancellationToken);

    /// <summary>True if the number said STOP to the clinic (checked again just before an SMS goes out).</summary>
    Task<bool> IsSmsOptedOutAsync(string clinicId, string phone, CancellationToken cancellationToken);

    /// <summary>One outbox row by id, or null.</summary>
    Task<OutboxRecord?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>A channel's uncertain messages not yet checked with the provider, uncertain since <paramref name="before"/> or earlier.</summary>
    Task<IReadOnlyList<UncertainSend>> FindUncertainAsync(string channel, DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>Sends an uncertain message once more, the provider having said it never got it; false if it was settled, or resent, already.</summary>
    Task<bool> ResendUncertainAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records that the provider was asked about an uncertain message, so it is not asked again.</summary>
    Task MarkUncertainCheckedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records how far a sent message got, only if that moves it on (reports repeat and arrive out of order).</summary>
    Task RecordDeliveryAsync(long id, DeliveryStage stage, string providerMessageId, CancellationToken cancellationToken);
}
