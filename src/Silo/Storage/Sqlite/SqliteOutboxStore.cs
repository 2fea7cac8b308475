using Recall.Grains.Hosting;
using Recall.Grains.Queries;
using Recall.Silo.Outbox;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>The outbox and the sandbox channel's record of what it "sent", on SQLite.</summary>
public sealed class SqliteOutboxStore(SqliteDatabase database) : IOutboxStore, ISandboxStore, ISandboxMessages
{
    /// <summary>One silo per SQLite file: the dispatcher's in-flight set is all the claiming needed.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, attempts, trace_parent, attempt_started, send_window, sender, calendar
            FROM outbox WHERE status = 'pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit
            """;
        command.With("$now", now).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var due = new List<OutboxEntry>();
        while (reader.Read())
        {
            due.Add(new OutboxEntry(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.NullableString(7), reader.GetString(8),
                reader.GetInt32(9), reader.NullableString(10), !reader.IsDBNull(11), reader.NullableString(12), reader.NullableString(13), reader.NullableString(14)));
        }

        return Task.FromResult<IReadOnlyList<OutboxEntry>>(due);
    }

    /// <summary>One silo per file, so nobody else took it; but the grain may have withdrawn it since it was read.</summary>
    public Task<bool> ConfirmClaimAsync(long id, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM outbox WHERE id = $id AND status = 'pending'";
        command.With("$id", id);
        return Task.FromResult(command.ExecuteScalar() is not null);
    }

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'";
        return Task.FromResult(command.ExecuteScalar() is long ms ? SqliteValues.Instant(ms) : (DateTimeOffset?)null);
    }

    public async Task<IReadOnlyList<UncertainSend>> FindUncertainAsync(string channel, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = UncertainSendSql.Find;
        command.With("@channel", channel).With("@before", before).With("@limit", limit);
        return await command.ReadListAsync(UncertainSendSql.Read, cancellationToken);
    }

    public async Task<bool> ResendUncertainAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resent = false;
        await database.WriteAsync(writer => resent = writer.Command(UncertainSendSql.Resend).With("@now", now).With("@id", id).ExecuteNonQuery() == 1);
        return resent;
    }

    public Task MarkUncertainCheckedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => writer.Command(UncertainSendSql.MarkChecked).With("@now", now).With("@id", id).ExecuteNonQuery());

    public Task MarkAttemptStartedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => writer.Command("UPDATE outbox SET attempt_started = $at WHERE id = $id").With("$at", at).With("$id", id).ExecuteNonQuery());

    public Task RescheduleAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => writer
            .Command("UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $error, attempt_started = NULL WHERE id = $id AND status = 'pending'")
            .With("$attempts", attempts).With("$next", nextAttemptAt).With("$error", lastError).With("$id", id)
            .ExecuteNonQuery());

    public Task CompleteAsync(OutboxResult result, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => CompleteCommand(writer, result).ExecuteNonQuery());

    public Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE status = 'pending'";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task<bool> IsSmsOptedOutAsync(string clinicId, string phone, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sms_opt_outs WHERE clinic_id = $clinic AND phone = $phone";
        command.With("$clinic", clinicId).With("$phone", phone);
        return Task.FromResult(command.ExecuteScalar() is not null);
    }

    public Task<OutboxRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, attempts, trace_parent, status, delivery_stage
            FROM outbox WHERE id = $id
            """;
        command.With("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new OutboxRecord(
                new OutboxEntry(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.NullableString(7), reader.GetString(8), reader.GetInt32(9), reader.NullableString(10)),
                reader.GetString(11),
                reader.IsDBNull(12) ? null : (DeliveryStage)reader.GetInt32(12))
            : null);
    }

    public Task RecordDeliveryAsync(long id, DeliveryStage stage, string providerMessageId, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => writer.Command("""
            UPDATE outbox SET delivery_stage = $stage, provider_id = COALESCE(provider_id, $provider)
            WHERE id = $id AND (delivery_stage IS NULL OR $rank > CASE WHEN delivery_stage >= 3 THEN 3 ELSE delivery_stage END)
            """)
            .With("$stage", (int)stage).With("$rank", stage.Rank()).With("$provider", providerMessageId).With("$id", id)
            .ExecuteNonQuery());

    public Task RecordAsync(OutboxEntry message, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => writer.Command("""
            INSERT INTO sandbox_messages (outbox_id, tenant, grain_key, channel, recipient, subject, body, sent_at)
            VALUES ($id, $tenant, $key, $channel, $recipient, $subject, $body, $at) ON CONFLICT (outbox_id) DO NOTHING
            """)
            .With("$id", message.Id).With("$tenant", message.Tenant).With("$key", message.Grain.Key).With("$channel", message.Channel)
            .With("$recipient", message.Recipient).With("$subject", message.Subject).With("$body", message.Body).With("$at", sentAt)
            .ExecuteNonQuery());

    public Task<IReadOnlyList<SandboxMessage>> ListAsync(string clinicId, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT outbox_id, grain_key, channel, recipient, subject, body, sent_at FROM sandbox_messages
            WHERE tenant = $tenant ORDER BY outbox_id DESC LIMIT $limit
            """;
        command.With("$tenant", clinicId).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var messages = new List<SandboxMessage>();
        while (reader.Read())
        {
            messages.Add(new SandboxMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.NullableString(4), reader.GetString(5), SqliteValues.Instant(reader.GetInt64(6))));
        }

        return Task.FromResult<IReadOnlyList<SandboxMessage>>(messages);
    }

    /// <summary>Records a message's outcome; nothing to record (already settled or withdrawn) is stale, and undoes the turn.</summary>
    internal static void Complete(SqliteWriter writer, OutboxResult result)
    {
        if (CompleteCommand(writer, result).ExecuteNonQuery() != 1)
        {
            throw new StaleOutboxResultException(result.OutboxId);
        }
    }

    private static Microsoft.Data.Sqlite.SqliteCommand CompleteCommand(SqliteWriter writer, OutboxResult result) => writer.Command("""
        UPDATE outbox SET status = $status, attempts = $attempts, provider_id = COALESCE($provider, provider_id), last_error = $error, completed_at = $at,
            attempt_started = NULL
        WHERE id = $id AND status IN ('pending', 'uncertain')
        """)
        .With("$status", result.Outcome.ToString().ToLowerInvariant()).With("$attempts", result.Attempts)
        .With("$provider", result.ProviderMessageId).With("$error", result.Error).With("$at", result.At).With("$id", result.OutboxId);
}
