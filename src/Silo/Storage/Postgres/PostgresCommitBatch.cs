using Npgsql;
using Recall.Grains.Hosting;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// The statements of one commit of one or more turns. The writes every turn makes (its state, its
/// reminders, its outbox rows, its idempotency key) go as one statement per kind for the whole
/// group, the rows sent as arrays and unnested on the server (a group of one as plain parameters,
/// <see cref="PostgresRows"/>): PostgreSQL executes, and Npgsql writes, five statements for a group
/// of a hundred turns instead of three hundred. The rarer writes (cancelled messages, query rows,
/// an outbox outcome) stay one statement each, in turn order.
/// </summary>
internal sealed class PostgresCommitBatch
{
    private readonly List<GrainCommit> updates = [];
    private readonly List<GrainCommit> inserts = [];
    private readonly List<(GrainId Id, string Name)> reminderDeletes = [];
    private readonly List<(GrainCommit Turn, string Name, ReminderEntry Entry)> reminderUpserts = [];
    private readonly List<(GrainCommit Turn, OutboxMessage Message)> messages = [];
    private readonly List<GrainCommit> inboxes = [];
    private readonly List<NpgsqlBatchCommand> others = [];
    private readonly List<(NpgsqlBatchCommand Command, long OutboxId)> completions = [];

    /// <summary>
    /// A write that must change exactly <paramref name="Rows"/> rows, or a turn is stale: its state
    /// moved or its idempotency key was taken, or (with <paramref name="OutboxId"/>) that message's
    /// outcome was already recorded.
    /// </summary>
    public sealed record Guarded(NpgsqlBatchCommand Command, int Rows, long? OutboxId);

    /// <summary>The earliest reminder the turns set, which other silos may need to hear of (<see cref="PostgresWakeups"/>).</summary>
    public DateTimeOffset? EarliestReminder { get; private set; }

    /// <summary>The earliest time one of the turns' new messages may be sent.</summary>
    public DateTimeOffset? EarliestMessage { get; private set; }

    public void Add(GrainCommit turn)
    {
        (turn.ExpectedETag == 0 ? inserts : updates).Add(turn);
        foreach (var (name, entry) in turn.ReminderChanges)
        {
            if (entry is null)
            {
                reminderDeletes.Add((turn.Id, name));
                continue;
            }

            reminderUpserts.Add((turn, name, entry));
            if (EarliestReminder is null || entry.DueAt < EarliestReminder)
            {
                EarliestReminder = entry.DueAt;
            }
        }

        foreach (var message in turn.Outbox)
        {
            messages.Add((turn, message));
            var notBefore = NotBefore(turn, message);
            if (EarliestMessage is null || notBefore < EarliestMessage)
            {
                EarliestMessage = notBefore;
            }
        }

        foreach (var messageKey in turn.CancelledMessages ?? [])
        {
            others.Add(new NpgsqlBatchCommand("""
                UPDATE outbox SET status = 'cancelled', completed_at = @at, claimed_by = NULL, claim_until = NULL
                WHERE grain_type = @type AND grain_key = @key AND message_key = @message AND status = 'pending'
                """)
                .With("at", turn.At).With("type", turn.Id.Type).With("key", turn.Id.Key).With("message", messageKey));
        }

        others.AddRange(turn.RowDeletes.Select(PostgresQueryRowWriter.Delete));
        others.AddRange(turn.RowUpserts.Select(PostgresQueryRowWriter.Upsert));
        if (turn.CompletedOutbox is { } result)
        {
            completions.Add((PostgresOutboxStore.Complete(result), result.OutboxId));
        }

        if (turn.Inbox is not null)
        {
            inboxes.Add(turn);
        }
    }

    /// <summary>Adds the statements to <paramref name="batch"/>; returns the guarded ones, with the rows each must change.</summary>
    public List<Guarded> AddTo(NpgsqlBatch batch)
    {
        var guarded = new List<Guarded>();
        void Add(NpgsqlBatchCommand command, int guardedRows = 0, long? outboxId = null)
        {
            batch.BatchCommands.Add(command);
            if (guardedRows > 0)
            {
                guarded.Add(new Guarded(command, guardedRows, outboxId));
            }
        }

        if (inserts.Count > 0)
        {
            Add(StateInserts(), inserts.Count);
        }

        if (updates.Count > 0)
        {
            Add(StateUpdates(), updates.Count);
        }

        if (reminderDeletes.Count > 0)
        {
            Add(ReminderDeletes());
        }

        if (reminderUpserts.Count > 0)
        {
            Add(ReminderUpserts());
        }

        if (messages.Count > 0)
        {
            Add(OutboxInserts());
        }

        others.ForEach(command => Add(command));
        completions.ForEach(c => Add(c.Command, 1, c.OutboxId));
        if (inboxes.Count > 0)
        {
            Add(InboxInserts(), inboxes.Count);
        }

        return guarded;
    }

    private static readonly PostgresRows StateInsert = new("""
        INSERT INTO grain_state (grain_type, grain_key, etag, state, updated_at)
        SELECT * FROM {rows} AS w(grain_type, grain_key, etag, state, updated_at)
        ON CONFLICT DO NOTHING
        """, ["types", "keys", "etags", "states", "at"]);

    private NpgsqlBatchCommand StateInserts() => StateInsert.For(inserts.Count)
        .Column("types", inserts, t => t.Id.Type).Column("keys", inserts, t => t.Id.Key).Column("etags", inserts, t => t.NewETag)
        .Column("states", inserts, t => t.State).Column("at", inserts, t => t.At.ToUnixTimeMilliseconds());

    /// <summary>Each row only under the ETag its turn read. The rows are in key order (the caller's), and so locked in it.</summary>
    private static readonly PostgresRows StateUpdate = new("""
        UPDATE grain_state s SET etag = w.new_etag, state = w.state, updated_at = w.at
        FROM {rows} AS w(grain_type, grain_key, expected, new_etag, state, at)
        WHERE s.grain_type = w.grain_type AND s.grain_key = w.grain_key AND s.etag = w.expected
        """, ["types", "keys", "expected", "etags", "states", "at"]);

    private NpgsqlBatchCommand StateUpdates() => StateUpdate.For(updates.Count)
        .Column("types", updates, t => t.Id.Type).Column("keys", updates, t => t.Id.Key).Column("expected", updates, t => t.ExpectedETag)
        .Column("etags", updates, t => t.NewETag).Column("states", updates, t => t.State).Column("at", updates, t => t.At.ToUnixTimeMilliseconds());

    private static readonly PostgresRows ReminderDelete = new("""
        DELETE FROM reminders r USING {rows} AS w(grain_type, grain_key, name)
        WHERE r.grain_type = w.grain_type AND r.grain_key = w.grain_key AND r.name = w.name
        """, ["types", "keys", "names"]);

    private NpgsqlBatchCommand ReminderDeletes() => ReminderDelete.For(reminderDeletes.Count)
        .Column("types", reminderDeletes, r => r.Id.Type).Column("keys", reminderDeletes, r => r.Id.Key).Column("names", reminderDeletes, r => r.Name);

    /// <summary>A moved reminder is released from the claim of the silo that fired it.</summary>
    private static readonly PostgresRows ReminderUpsert = new("""
        INSERT INTO reminders (grain_type, grain_key, name, due_at, period_ms, trace_parent)
        SELECT * FROM {rows} AS w(grain_type, grain_key, name, due_at, period_ms, trace_parent)
        ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_at = excluded.due_at, period_ms = excluded.period_ms,
            trace_parent = excluded.trace_parent, claimed_by = NULL, claim_until = NULL
        """, ["types", "keys", "names", "due", "periods", "traces"]);

    private NpgsqlBatchCommand ReminderUpserts() => ReminderUpsert.For(reminderUpserts.Count)
        .Column("types", reminderUpserts, r => r.Turn.Id.Type).Column("keys", reminderUpserts, r => r.Turn.Id.Key)
        .Column("names", reminderUpserts, r => r.Name).Column("due", reminderUpserts, r => r.Entry.DueAt.ToUnixTimeMilliseconds())
        .Column("periods", reminderUpserts, r => (long?)r.Entry.Period?.TotalMilliseconds).Column("traces", reminderUpserts, r => r.Turn.TraceParent);

    /// <summary>In the turns' order, so the ids (the order they are sent in) follow it; a message key already queued is kept as it is.</summary>
    private static readonly PostgresRows OutboxInsert = new("""
        INSERT INTO outbox (grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, created_at, next_attempt_at, trace_parent,
            send_window, sender, calendar)
        SELECT grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, created_at, next_attempt_at, trace_parent,
            send_window, sender, calendar
        FROM {rows} AS m(grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, created_at, next_attempt_at, trace_parent,
            send_window, sender, calendar, position)
        ORDER BY position
        ON CONFLICT (grain_type, grain_key, message_key) DO NOTHING
        """, ["types", "keys", "tenants", "messages", "channels", "recipients", "subjects", "bodies", "at", "next", "traces", "windows", "senders", "calendars"],
        ordered: true);

    private NpgsqlBatchCommand OutboxInserts() => OutboxInsert.For(messages.Count)
        .Column("types", messages, m => m.Turn.Id.Type).Column("keys", messages, m => m.Turn.Id.Key).Column("tenants", messages, m => m.Turn.Id.Tenant)
        .Column("messages", messages, m => m.Message.MessageKey).Column("channels", messages, m => m.Message.Channel)
        .Column("recipients", messages, m => m.Message.Recipient).Column("subjects", messages, m => m.Message.Subject)
        .Column("bodies", messages, m => m.Message.Body).Column("at", messages, m => m.Turn.At.ToUnixTimeMilliseconds())
        .Column("next", messages, m => NotBefore(m.Turn, m.Message).ToUnixTimeMilliseconds()).Column("traces", messages, m => m.Turn.TraceParent)
        .Column("windows", messages, m => m.Message.Window?.ToString()).Column("senders", messages, m => m.Message.Sender)
        .Column("calendars", messages, m => m.Message.Calendar);

    private static readonly PostgresRows InboxInsert = new("""
        INSERT INTO inbox (scope, idem_key, request_hash, grain_type, grain_key, method, result, created_at)
        SELECT * FROM {rows} AS w(scope, idem_key, request_hash, grain_type, grain_key, method, result, created_at)
        ON CONFLICT DO NOTHING
        """, ["scopes", "keys", "hashes", "grainTypes", "grainKeys", "methods", "results", "at"]);

    private NpgsqlBatchCommand InboxInserts() => InboxInsert.For(inboxes.Count)
        .Column("scopes", inboxes, t => t.Inbox!.Scope).Column("keys", inboxes, t => t.Inbox!.Key).Column("hashes", inboxes, t => t.Inbox!.RequestHash)
        .Column("grainTypes", inboxes, t => t.Id.Type).Column("grainKeys", inboxes, t => t.Id.Key).Column("methods", inboxes, t => t.Inbox!.Method)
        .Column("results", inboxes, t => t.Inbox!.Result).Column("at", inboxes, t => t.At.ToUnixTimeMilliseconds());

    /// <summary>When a message may first be sent: not before the turn that queued it.</summary>
    private static DateTimeOffset NotBefore(GrainCommit turn, OutboxMessage message) =>
        message.NotBefore is { } at && at > turn.At ? at : turn.At;
}
