using Npgsql;
using Recall.Grains.Hosting;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// The statements of one commit of one or more turns. The writes every turn makes (its state, its
/// reminders, its outbox rows, its idempotency key) go as one statement per kind for the whole group,
/// the rows sent as arrays and unnested on the server: PostgreSQL executes, and Npgsql writes, five
/// statements for a group of a hundred turns instead of three hundred. The rarer writes (cancelled
/// messages, query rows, an outbox outcome) stay one statement each, in turn order.
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

    private NpgsqlBatchCommand StateInserts() => new NpgsqlBatchCommand("""
        INSERT INTO grain_state (grain_type, grain_key, etag, state, updated_at)
        SELECT * FROM unnest(@types, @keys, @etags, @states, @at)
        ON CONFLICT DO NOTHING
        """)
        .With("types", inserts.Select(t => t.Id.Type).ToArray()).With("keys", inserts.Select(t => t.Id.Key).ToArray())
        .With("etags", inserts.Select(t => t.NewETag).ToArray()).With("states", inserts.Select(t => t.State).ToArray())
        .With("at", inserts.Select(t => t.At.ToUnixTimeMilliseconds()).ToArray());

    /// <summary>Each row only under the ETag its turn read. The rows are in key order (the caller's), and so locked in it.</summary>
    private NpgsqlBatchCommand StateUpdates() => new NpgsqlBatchCommand("""
        UPDATE grain_state s SET etag = w.new_etag, state = w.state, updated_at = w.at
        FROM unnest(@types, @keys, @expected, @etags, @states, @at) AS w(grain_type, grain_key, expected, new_etag, state, at)
        WHERE s.grain_type = w.grain_type AND s.grain_key = w.grain_key AND s.etag = w.expected
        """)
        .With("types", updates.Select(t => t.Id.Type).ToArray()).With("keys", updates.Select(t => t.Id.Key).ToArray())
        .With("expected", updates.Select(t => t.ExpectedETag).ToArray()).With("etags", updates.Select(t => t.NewETag).ToArray())
        .With("states", updates.Select(t => t.State).ToArray()).With("at", updates.Select(t => t.At.ToUnixTimeMilliseconds()).ToArray());

    private NpgsqlBatchCommand ReminderDeletes() => new NpgsqlBatchCommand("""
        DELETE FROM reminders r USING unnest(@types, @keys, @names) AS w(grain_type, grain_key, name)
        WHERE r.grain_type = w.grain_type AND r.grain_key = w.grain_key AND r.name = w.name
        """)
        .With("types", reminderDeletes.Select(r => r.Id.Type).ToArray()).With("keys", reminderDeletes.Select(r => r.Id.Key).ToArray())
        .With("names", reminderDeletes.Select(r => r.Name).ToArray());

    /// <summary>A moved reminder is released from the claim of the silo that fired it.</summary>
    private NpgsqlBatchCommand ReminderUpserts() => new NpgsqlBatchCommand("""
        INSERT INTO reminders (grain_type, grain_key, name, due_at, period_ms, trace_parent)
        SELECT * FROM unnest(@types, @keys, @names, @due, @periods, @traces)
        ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_at = excluded.due_at, period_ms = excluded.period_ms,
            trace_parent = excluded.trace_parent, claimed_by = NULL, claim_until = NULL
        """)
        .With("types", reminderUpserts.Select(r => r.Turn.Id.Type).ToArray()).With("keys", reminderUpserts.Select(r => r.Turn.Id.Key).ToArray())
        .With("names", reminderUpserts.Select(r => r.Name).ToArray()).With("due", reminderUpserts.Select(r => r.Entry.DueAt.ToUnixTimeMilliseconds()).ToArray())
        .With("periods", reminderUpserts.Select(r => (long?)r.Entry.Period?.TotalMilliseconds).ToArray())
        .With("traces", reminderUpserts.Select(r => r.Turn.TraceParent).ToArray());

    /// <summary>In the turns' order, so the ids (the order they are sent in) follow it; a message key already queued is kept as it is.</summary>
    private NpgsqlBatchCommand OutboxInserts() => new NpgsqlBatchCommand("""
        INSERT INTO outbox (grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, created_at, next_attempt_at, trace_parent,
            send_window, sender, calendar)
        SELECT grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, created_at, next_attempt_at, trace_parent,
            send_window, sender, calendar
        FROM unnest(@types, @keys, @tenants, @messages, @channels, @recipients, @subjects, @bodies, @at, @next, @traces,
            @windows, @senders, @calendars) WITH ORDINALITY AS m(grain_type, grain_key, tenant, message_key, channel, recipient, subject, body,
            created_at, next_attempt_at, trace_parent, send_window, sender, calendar, position)
        ORDER BY position
        ON CONFLICT (grain_type, grain_key, message_key) DO NOTHING
        """)
        .With("types", messages.Select(m => m.Turn.Id.Type).ToArray()).With("keys", messages.Select(m => m.Turn.Id.Key).ToArray())
        .With("tenants", messages.Select(m => m.Turn.Id.Tenant).ToArray()).With("messages", messages.Select(m => m.Message.MessageKey).ToArray())
        .With("channels", messages.Select(m => m.Message.Channel).ToArray()).With("recipients", messages.Select(m => m.Message.Recipient).ToArray())
        .With("subjects", messages.Select(m => m.Message.Subject).ToArray()).With("bodies", messages.Select(m => m.Message.Body).ToArray())
        .With("at", messages.Select(m => m.Turn.At.ToUnixTimeMilliseconds()).ToArray())
        .With("next", messages.Select(m => NotBefore(m.Turn, m.Message).ToUnixTimeMilliseconds()).ToArray())
        .With("traces", messages.Select(m => m.Turn.TraceParent).ToArray()).With("windows", messages.Select(m => m.Message.Window?.ToString()).ToArray())
        .With("senders", messages.Select(m => m.Message.Sender).ToArray()).With("calendars", messages.Select(m => m.Message.Calendar).ToArray());

    private NpgsqlBatchCommand InboxInserts() => new NpgsqlBatchCommand("""
        INSERT INTO inbox (scope, idem_key, request_hash, grain_type, grain_key, method, result, created_at)
        SELECT * FROM unnest(@scopes, @keys, @hashes, @grainTypes, @grainKeys, @methods, @results, @at)
        ON CONFLICT DO NOTHING
        """)
        .With("scopes", inboxes.Select(t => t.Inbox!.Scope).ToArray()).With("keys", inboxes.Select(t => t.Inbox!.Key).ToArray())
        .With("hashes", inboxes.Select(t => t.Inbox!.RequestHash).ToArray()).With("grainTypes", inboxes.Select(t => t.Id.Type).ToArray())
        .With("grainKeys", inboxes.Select(t => t.Id.Key).ToArray()).With("methods", inboxes.Select(t => t.Inbox!.Method).ToArray())
        .With("results", inboxes.Select(t => t.Inbox!.Result).ToArray()).With("at", inboxes.Select(t => t.At.ToUnixTimeMilliseconds()).ToArray());

    /// <summary>When a message may first be sent: not before the turn that queued it.</summary>
    private static DateTimeOffset NotBefore(GrainCommit turn, OutboxMessage message) =>
        message.NotBefore is { } at && at > turn.At ? at : turn.At;
}
