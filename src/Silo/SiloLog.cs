using Microsoft.Extensions.Logging;

namespace Recall.Silo;

/// <summary>The silo's log messages, source-generated, each with a stable event id.</summary>
public sealed partial class SiloLog(ILogger<SiloLog> logger)
{
    [LoggerMessage(1001, LogLevel.Debug, "ETag conflict on {Grain} (attempt {Attempt}); reloading and re-running the turn.")]
    public partial void ETagConflict(string grain, int attempt);

    [LoggerMessage(1002, LogLevel.Debug, "Collected {Collected} idle activations; {Remaining} remain.")]
    public partial void ActivationsCollected(int collected, int remaining);

    [LoggerMessage(1101, LogLevel.Error, "Reminder {Reminder} of {Grain} failed; it stays due and fires again.")]
    public partial void ReminderFailed(Exception exception, string grain, string reminder);

    [LoggerMessage(1102, LogLevel.Error, "The reminder loop failed; retrying.")]
    public partial void ReminderLoopFailed(Exception exception);

    [LoggerMessage(1201, LogLevel.Warning, "Outbox message {OutboxId} on {Channel} failed (attempt {Attempt}): {Error}. Next try at {NextAttempt}.")]
    public partial void SendRetrying(long outboxId, string channel, int attempt, string error, DateTimeOffset nextAttempt);

    [LoggerMessage(1202, LogLevel.Warning, "Outbox message {OutboxId} on {Channel} failed for good after {Attempts} attempts: {Error}.")]
    public partial void SendFailed(long outboxId, string channel, int attempts, string error);

    [LoggerMessage(1204, LogLevel.Warning, "Outbox message {OutboxId} on {Channel} may or may not have been sent ({Error}); it is not sent again.")]
    public partial void SendUncertain(long outboxId, string channel, string error);

    [LoggerMessage(1205, LogLevel.Error, "Outbox message {OutboxId} was sent but could not be written to the audit log.")]
    public partial void AuditFailed(long outboxId, Exception exception);

    [LoggerMessage(1206, LogLevel.Information, "Outbox message {OutboxId} was uncertain; the provider has it as {ProviderMessageId}: settled as sent.")]
    public partial void UncertainSendFound(long outboxId, string providerMessageId);

    [LoggerMessage(1207, LogLevel.Warning, "Outbox message {OutboxId} was uncertain and the provider never got it: sent once more.")]
    public partial void UncertainSendResent(long outboxId);

    [LoggerMessage(1208, LogLevel.Warning, "Outbox message {OutboxId} is uncertain and the provider could not be asked ({Why}); asking again later.")]
    public partial void UncertainSendUnchecked(long outboxId, string why);

    [LoggerMessage(1203, LogLevel.Error, "The outbox loop failed; retrying.")]
    public partial void OutboxLoopFailed(Exception exception);

    [LoggerMessage(1301, LogLevel.Information, "Storage: SQLite at {Path} (synchronous={Synchronous}), schema version {Version}.")]
    public partial void SqliteOpened(string path, string synchronous, int version);

    [LoggerMessage(1303, LogLevel.Information, "Storage: PostgreSQL {Host}/{Database}, schema version {Version}; this silo is {SiloId}.")]
    public partial void PostgresOpened(string host, string database, int version, string siloId);

    [LoggerMessage(1304, LogLevel.Warning, "Lost the PostgreSQL notification connection; reconnecting.")]
    public partial void NotificationsLost(Exception exception);

    [LoggerMessage(1305, LogLevel.Warning, "Could not renew this silo's claims; other silos may take them over.")]
    public partial void RenewFailed(Exception exception);

    [LoggerMessage(1306, LogLevel.Warning, "Could not notify the other silos of new work; they will find it when they next poll.")]
    public partial void WakeupFailed(Exception exception);

    [LoggerMessage(1309, LogLevel.Warning, "Could not pass live page updates to the other silos; pages connected there see these changes at their next refresh.")]
    public partial void LiveEventsNotRelayed(Exception exception);

    [LoggerMessage(1302, LogLevel.Information, "Applied migration {Version}: {Name}.")]
    public partial void MigrationApplied(int version, string name);

    [LoggerMessage(1401, LogLevel.Information, "Manual clock: now {Now:o}.")]
    public partial void ManualClockAt(DateTimeOffset now);
}
