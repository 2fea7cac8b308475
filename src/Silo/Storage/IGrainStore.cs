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
    /// <summary>Reminders due at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<DueReminder>> GetDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time of any reminder, or null when there are none.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);
}

/// <summary>The outbox, as the dispatcher reads and updates it.</summary>
public interface IOutboxStore
{
    /// <summary>Pending messages whose time has come, oldest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest time a pending message becomes sendable, or null when none is pending.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken);

    /// <summary>Records a transient failure and when to try again.</summary>
    Task RescheduleAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken);

    /// <summary>Closes a message whose grain does not take results (no turn to commit it with).</summary>
    Task CompleteAsync(OutboxResult result, CancellationToken cancellationToken);

    Task<long> CountPendingAsync(CancellationToken cancellationToken);
}
