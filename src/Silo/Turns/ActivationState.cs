using System.Diagnostics;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;

namespace Recall.Silo.Turns;

/// <summary>What every host of a grain needs: the store, the state format, grain references and the product's clock.</summary>
internal sealed record TurnServices(IGrainStore Store, GrainSerializer Serializer, IGrainFactory GrainFactory, TimeProvider Time, CommitEvents Commits);

/// <summary>
/// What one activation holds of its grain's stored state (the committed document, its ETag, its
/// reminders and query rows), and how a turn becomes one commit: the grain changes its state,
/// registers reminders and queues messages in memory; the commit carries all of it, or the turn
/// leaves no trace (<see cref="RestoreCommittedState"/>). The silo's turn filter drives it, one turn at a
/// time as Orleans runs them.
/// </summary>
internal sealed class ActivationState(GrainId id, TurnServices services) : IGrainActivationContext
{
    private readonly TurnContext turnContext = new();
    private Grain? grain;
    private long etag;
    private byte[] committedState = [];
    private Dictionary<string, ReminderEntry> reminders = new(StringComparer.Ordinal);
    private Dictionary<(Type, string), QueryRow> projectedRows = [];
    private TurnContext? turn;

    public GrainId Id { get; } = id;

    public IGrainFactory GrainFactory => services.GrainFactory;

    public TimeProvider Time => services.Time;

    public IGrainStore Store => services.Store;

    public Grain Grain => grain ?? throw new InvalidOperationException($"{Id} is not loaded.");

    public bool HasGrain => grain is not null;

    public bool Loaded { get; private set; }

    /// <summary>The stored ETag this activation's state was read at (0: never stored).</summary>
    public long ETag => etag;

    /// <summary>The grain's committed reminders (its agenda).</summary>
    public IEnumerable<ReminderEntry> Reminders => reminders.Values;

    /// <summary>When the earliest committed reminder falls due, or null with none.</summary>
    public DateTimeOffset? EarliestDue => reminders.Count == 0 ? null : reminders.Values.Min(r => r.DueAt);

    /// <summary>
    /// When the Orleans reminder that wakes this grain is known to fire next, at the latest (null: none
    /// is known). Set at load to the earliest committed due time (a wake-up at or before it exists,
    /// or the grain never needed one), then moved with each registration (Turns/AgendaWakeUps).
    /// </summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>The Orleans reminder that wakes the grain, once registered or read by this activation.</summary>
    public Orleans.Runtime.IGrainReminder? WakeUp { get; set; }

    /// <summary>True once a turn asked to leave memory when idle (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    public bool DeactivationRequested { get; private set; }

    private TurnContext Turn => turn ?? throw new InvalidOperationException("Reminders and messages can only be changed during a turn of the grain.");

    /// <summary>Forgets the loaded state: the next turn reads it again (another writer moved the grain on).</summary>
    public void MarkStale() => Loaded = false;

    /// <summary>
    /// Reads the grain's stored state into <paramref name="instance"/> (a new activation's grain, or
    /// the same one again after another writer moved it on). Returns true the first time, when the
    /// grain's own activation code still has to run.
    /// </summary>
    public async Task<bool> LoadAsync(Grain instance)
    {
        var stored = await services.Store.LoadAsync(Id, CancellationToken.None);
        var fresh = grain is null;
        grain = instance;
        grain.Bind(this);
        etag = stored?.ETag ?? 0;
        committedState = stored?.State ?? services.Serializer.Serialize(Activator.CreateInstance(grain.StateType)!, grain.StateType);
        reminders = (stored?.Reminders ?? []).ToDictionary(r => r.Name, StringComparer.Ordinal);
        RestoreCommittedState();
        projectedRows = Project();
        WakeAt = EarliestDue;
        Loaded = true;
        return fresh;
    }

    /// <summary>Starts a turn on the committed reminders; what it changes is buffered until <see cref="BuildCommit"/>.</summary>
    public TurnContext BeginTurn() => turn = turnContext.Begin(reminders);

    public void EndTurn() => turn = null;

    /// <summary>Puts the last committed state back: whether the grain or the serialization of its state failed, nothing of the turn stays.</summary>
    public void RestoreCommittedState() => Grain.StateObject = services.Serializer.Deserialize(committedState, Grain.StateType);

    /// <summary>What the turn changed, or null when it changed nothing (a read needs no transaction).</summary>
    public GrainCommit? BuildCommit(string method, IdempotencyToken? idempotency, Type? resultType, object? result)
    {
        // Serialized into a reused buffer: a read turn, whose state is what was committed, allocates no document.
        var changedState = services.Serializer.SerializeUnlessEqual(Grain.StateObject, Grain.StateType, committedState);
        var current = Turn;
        if (idempotency is null && current.IsEmpty && changedState is null)
        {
            // A read: the query rows are derived from the state, which did not change, so neither did they.
            return null;
        }

        var state = changedState ?? committedState;
        var rows = Project();
        var upserts = rows.Where(r => !projectedRows.TryGetValue(r.Key, out var old) || old != r.Value).Select(r => r.Value).ToList();
        var deletes = projectedRows.Where(r => !rows.ContainsKey(r.Key)).Select(r => r.Value).ToList();
        var inbox = idempotency is { } token
            ? new InboxRecord(token.Scope, token.Key, token.RequestHash, Id, method,
                resultType is not null && result is not null ? services.Serializer.Serialize(result, resultType) : null)
            : null;
        var unchanged = changedState is null && current.ReminderChanges.Count == 0 && current.Outbox.Count == 0
            && current.CancelledMessages.Count == 0
            && upserts.Count == 0 && deletes.Count == 0 && inbox is null && current.CompletedOutbox is null;
        if (unchanged)
        {
            return null;
        }

        return new GrainCommit(Id, etag, state, new Dictionary<string, ReminderEntry?>(current.ReminderChanges), [.. current.Outbox],
            upserts, deletes, inbox, current.CompletedOutbox, Time.GetUtcNow(), Activity.Current?.Id, [.. current.CancelledMessages]);
    }

    /// <summary>Commits a turn's changes (throws <see cref="ETagConflictException"/> if another writer moved the grain), then takes them as the committed state.</summary>
    public async Task CommitAsync(GrainCommit commit)
    {
        await services.Store.CommitAsync(commit, CancellationToken.None);
        Apply(commit);
        services.Commits.Raise(commit);
    }

    private void Apply(GrainCommit commit)
    {
        etag = commit.NewETag;
        committedState = commit.State;
        foreach (var (name, entry) in commit.ReminderChanges)
        {
            if (entry is null)
            {
                reminders.Remove(name);
            }
            else
            {
                reminders[name] = entry;
            }
        }

        foreach (var row in commit.RowDeletes)
        {
            projectedRows.Remove((row.GetType(), row.RowKey));
        }

        foreach (var row in commit.RowUpserts)
        {
            projectedRows[(row.GetType(), row.RowKey)] = row;
        }
    }

    /// <summary>The stored result of a command already applied under this idempotency key.</summary>
    public object? Replay(InboxRecord done, IdempotencyToken token, string method, Type? resultType)
    {
        if (done.RequestHash != token.RequestHash || done.Grain != Id || done.Method != method)
        {
            throw new IdempotencyKeyReusedException(token.Key);
        }

        return done.Result is null || resultType is null ? null : services.Serializer.Deserialize(done.Result, resultType);
    }

    /// <summary>The grain's query rows by type and key; if a grain yields a key twice, the last row stands (as an upsert would).</summary>
    private Dictionary<(Type, string), QueryRow> Project()
    {
        var rows = new Dictionary<(Type, string), QueryRow>();
        foreach (var row in Grain.ProjectRowsInternal())
        {
            rows[(row.GetType(), row.RowKey)] = row;
        }

        return rows;
    }

    ReminderEntry? IGrainActivationContext.GetReminder(string name) => Turn.GetReminder(name);

    IReadOnlyList<ReminderEntry> IGrainActivationContext.GetReminders() => Turn.GetReminders();

    void IGrainActivationContext.RegisterOrUpdateReminder(string name, DateTimeOffset dueAt, TimeSpan? period) =>
        Turn.RegisterOrUpdateReminder(name, dueAt, period);

    void IGrainActivationContext.UnregisterReminder(string name) => Turn.UnregisterReminder(name);

    void IGrainActivationContext.Send(OutboxMessage message) => Turn.Send(message);

    void IGrainActivationContext.CancelMessage(string messageKey) => Turn.CancelMessage(messageKey);

    void IGrainActivationContext.CompleteOutbox(OutboxResult result) => Turn.CompletedOutbox = result;

    void IGrainActivationContext.DeactivateOnIdle()
    {
        _ = Turn; // Only a turn may ask, as for reminders and messages.
        DeactivationRequested = true;
    }
}
