using Npgsql;
using Recall.Grains.Hosting;
using Recall.Grains.Queries;
using Recall.Silo.Outbox;

namespace Recall.Silo.Storage.Postgres;

/// <summary>The outbox shared by several silos (claimed like reminders), and the sandbox channel's record.</summary>
public sealed class PostgresOutboxStore(PostgresDatabase database) : IOutboxStore, ISandboxStore, ISandboxMessages
{
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            WITH due AS (
                SELECT id FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= @now AND (claim_until IS NULL OR claim_until < now())
                ORDER BY next_attempt_at, id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox o SET claimed_by = @silo, claim_until = now() + @lease
            FROM due WHERE o.id = due.id
            RETURNING o.id, o.grain_type, o.grain_key, o.tenant, o.message_key, o.channel, o.recipient, o.subject, o.body, o.attempts, o.trace_parent, o.attempt_started, o.send_window, o.sender, o.calendar
            """)
            .With("now", now).With("limit", limit).With("silo", database.SiloId).With("lease", database.Options.ClaimLease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new OutboxEntry(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.NullableString(7), reader.GetString(8),
                reader.GetInt32(9), reader.NullableString(10), !reader.IsDBNull(11), reader.NullableString(12), reader.NullableString(13), reader.NullableString(14)));
        }

        return [.. due.OrderBy(m => m.Id)];
    }

    public async Task<IReadOnlyList<UncertainSend>> FindUncertainAsync(string channel, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.Command(UncertainSendSql.Find).With("channel", channel).With("before", before).With("limit", limit);
        return await command.ReadListAsync(UncertainSendSql.Read, cancellationToken);
    }

    /// <summary>Back to pending, and to no silo's claim: whichever silo claims it next sends it (UncertainSendSql.Resend, with the claim).</summary>
    public async Task<bool> ResendUncertainAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            UPDATE outbox SET status = 'pending', checked_at = @now, next_attempt_at = @now, attempt_started = NULL, completed_at = NULL,
                claimed_by = NULL, claim_until = NULL
            WHERE id = @id AND status = 'uncertain' AND checked_at IS NULL
            """)
            .With("now", now).With("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task MarkUncertainCheckedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.Command(UncertainSendSql.MarkChecked).With("now", now).With("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ConfirmClaimAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            UPDATE outbox SET claim_until = now() + @lease WHERE id = @id AND claimed_by = @silo AND status = 'pending'
            """)
            .With("lease", database.Options.ClaimLease).With("id", id).With("silo", database.SiloId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        // This silo's own claims count (they are in flight here); other silos' live claims do not.
        await using var command = database.Command(
            "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND (claim_until IS NULL OR claim_until < now() OR claimed_by = @silo)")
            .With("silo", database.SiloId);
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? PostgresValues.Instant(ms) : null;
    }

    public async Task MarkAttemptStartedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.Command("UPDATE outbox SET attempt_started = @at WHERE id = @id").With("at", at).With("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RescheduleAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            UPDATE outbox SET attempts = @attempts, next_attempt_at = @next, last_error = @error, claimed_by = NULL, claim_until = NULL,
                attempt_started = NULL
            WHERE id = @id AND status = 'pending' AND claimed_by = @silo;
            SELECT pg_notify(@channel, @payload);
            """)
            .With("attempts", attempts).With("next", nextAttemptAt).With("error", lastError).With("id", id).With("silo", database.SiloId)
            .With("channel", database.Channel).With("payload", $"o:{nextAttemptAt.ToUnixTimeMilliseconds()}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CompleteAsync(OutboxResult result, CancellationToken cancellationToken)
    {
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(Complete(result));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var command = database.Command("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> IsSmsOptedOutAsync(string clinicId, string phone, CancellationToken cancellationToken)
    {
        await using var command = database.Command("SELECT 1 FROM sms_opt_outs WHERE clinic_id = @clinic AND phone = @phone")
            .With("clinic", clinicId).With("phone", phone);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<OutboxRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            SELECT id, grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, attempts, trace_parent, status, delivery_stage
            FROM outbox WHERE id = @id
            """).With("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OutboxRecord(
                new OutboxEntry(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.NullableString(7), reader.GetString(8), reader.GetInt32(9), reader.NullableString(10)),
                reader.GetString(11),
                reader.IsDBNull(12) ? null : (DeliveryStage)reader.GetInt32(12))
            : null;
    }

    public async Task RecordDeliveryAsync(long id, DeliveryStage stage, string providerMessageId, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            UPDATE outbox SET delivery_stage = @stage, provider_id = COALESCE(provider_id, @provider)
            WHERE id = @id AND (delivery_stage IS NULL OR @rank > LEAST(delivery_stage, 3))
            """)
            .With("stage", (int)stage).With("rank", stage.Rank()).With("provider", providerMessageId).With("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordAsync(OutboxEntry message, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            INSERT INTO sandbox_messages (outbox_id, tenant, grain_key, channel, recipient, subject, body, sent_at)
            VALUES (@id, @tenant, @key, @channel, @recipient, @subject, @body, @at) ON CONFLICT (outbox_id) DO NOTHING
            """)
            .With("id", message.Id).With("tenant", message.Tenant).With("key", message.Grain.Key).With("channel", message.Channel)
            .With("recipient", message.Recipient).With("subject", message.Subject).With("body", message.Body).With("at", sentAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SandboxMessage>> ListAsync(string clinicId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            SELECT outbox_id, grain_key, channel, recipient, subject, body, sent_at FROM sandbox_messages
            WHERE tenant = @tenant ORDER BY outbox_id DESC LIMIT @limit
            """)
            .With("tenant", clinicId).With("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<SandboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new SandboxMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.NullableString(4), reader.GetString(5), PostgresValues.Instant(reader.GetInt64(6))));
        }

        return messages;
    }

    internal static NpgsqlBatchCommand Complete(OutboxResult result) => new NpgsqlBatchCommand("""
        UPDATE outbox SET status = @status, attempts = @attempts, provider_id = COALESCE(@provider, provider_id), last_error = @error, completed_at = @at,
            claimed_by = NULL, claim_until = NULL, attempt_started = NULL
        WHERE id = @id AND status IN ('pending', 'uncertain')
        """)
        .With("status", result.Outcome.ToString().ToLowerInvariant()).With("attempts", result.Attempts)
        .With("provider", result.ProviderMessageId).With("error", result.Error).With("at", result.At).With("id", result.OutboxId);

    /// <summary>Extends the leases of the messages this silo is sending right now (and no others).</summary>
    internal static NpgsqlBatchCommand Renew(PostgresDatabase database, IReadOnlyCollection<long> working) =>
        // Rows locked right now are being closed by a commit: skipped, not waited for (see PostgresReminderTable.Renew).
        new NpgsqlBatchCommand("""
            UPDATE outbox SET claim_until = now() + @lease
            WHERE id IN (SELECT id FROM outbox WHERE id = ANY(@ids) AND claimed_by = @silo AND status = 'pending' FOR UPDATE SKIP LOCKED)
            """)
            .With("lease", database.Options.ClaimLease).With("silo", database.SiloId).With("ids", working.ToArray());
}
