namespace Recall.Grains.Hosting;

/// <summary>
/// Base class of every grain: an Orleans grain whose calls each commit as one transaction. The silo's
/// turn filter binds an activation context before the first turn; the grain uses it to register
/// reminders and enqueue outbox messages, all of which are buffered and committed with the turn's
/// state in one transaction (or dropped if the turn throws).
/// </summary>
public abstract class Grain : Orleans.Grain, IOutboxResultHandler, IDeliveryReportHandler, IAgendaGrain, Orleans.IRemindable
{
    private IGrainActivationContext? context;

    /// <summary>The activation this grain instance lives in.</summary>
    protected IGrainActivationContext Context =>
        context ?? throw new InvalidOperationException("The grain is not bound to an activation yet.");

    /// <summary>The grain's key, e.g. <c>clinic-1/patient-7</c>.</summary>
    protected string GrainKey => Context.Id.Key;

    protected new IGrainFactory GrainFactory => Context.GrainFactory;

    protected TimeProvider Time => Context.Time;

    internal void Bind(IGrainActivationContext activationContext) => context = activationContext;

    /// <summary>The context the host bound, or null before the first turn (Orleans activates grains before any host code sees them).</summary>
    internal IGrainActivationContext? BoundContext => context;

    /// <summary>Called once per activation, after its state is loaded and before its first turn.</summary>
    public virtual Task OnActivateAsync() => Task.CompletedTask;

    /// <summary>Registers (or moves) a durable reminder; one-shot when <paramref name="period"/> is null.</summary>
    protected void RegisterOrUpdateReminder(string name, DateTimeOffset dueAt, TimeSpan? period = null) =>
        Context.RegisterOrUpdateReminder(name, dueAt, period);

    protected void UnregisterReminder(string name) => Context.UnregisterReminder(name);

    /// <summary>The reminder with this name as of the current turn, or null.</summary>
    protected ReminderEntry? GetReminder(string name) => Context.GetReminder(name);

    protected IReadOnlyList<ReminderEntry> GetReminders() => Context.GetReminders();

    /// <summary>Queues a side effect; it is sent after the turn commits, never inside it.</summary>
    protected void Send(OutboxMessage message) => Context.Send(message);

    /// <summary>Withdraws a queued message whose purpose is met (it is not sent if it has not gone out yet).</summary>
    protected void CancelMessage(string messageKey) => Context.CancelMessage(messageKey);

    /// <summary>
    /// Frees this activation's memory once the current turn, and any queued behind it, are done,
    /// instead of at the idle collection (Orleans' <c>DeactivateOnIdle</c>). For grains unlikely to
    /// be called again soon, e.g. each patient of a bulk import.
    /// </summary>
    protected new void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>Orleans' own DeactivateOnIdle, for the Orleans host's context.</summary>
    internal void DeactivateOnIdleInOrleans() => base.DeactivateOnIdle();

    Task IOutboxResultHandler.ReceiveOutboxResultAsync(OutboxResult result)
    {
        Context.CompleteOutbox(result); // The turn's commit closes the outbox row with whatever the grain does about it.
        return OnOutboxResultAsync(result);
    }

    /// <summary>How one of this grain's outbox messages ended (sent, failed, or uncertain). Runs in a turn.</summary>
    protected virtual Task OnOutboxResultAsync(OutboxResult result) => Task.CompletedTask;

    Task IDeliveryReportHandler.ReceiveDeliveryReportAsync(DeliveryReport report) => OnDeliveryReportAsync(report);

    // Both run in the silo's turn filter, which runs each due reminder as a turn of its own; their bodies never run.
    Task<int> IAgendaGrain.RunDueAsync() => throw new InvalidOperationException("The silo runs a grain's agenda.");

    Task Orleans.IRemindable.ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) =>
        throw new InvalidOperationException("The silo runs a grain's agenda.");

    /// <summary>How far a sent message got, as the provider reports it (repeats and out-of-order reports happen). Runs in a turn.</summary>
    protected virtual Task OnDeliveryReportAsync(DeliveryReport report) => Task.CompletedTask;

    internal abstract Type StateType { get; }

    internal abstract object StateObject { get; set; }

    /// <summary>The rows the grain keeps in query tables, derived from its state after each turn.</summary>
    internal abstract IEnumerable<QueryRow> ProjectRowsInternal();
}

/// <summary>A grain with persistent state of type <typeparamref name="TState"/>.</summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    /// <summary>The grain's state: change it during a turn; the host writes it when the turn ends.</summary>
    protected TState State { get; private set; } = new();

    internal override Type StateType => typeof(TState);

    internal override object StateObject
    {
        get => State;
        set => State = (TState)value;
    }

    internal override IEnumerable<QueryRow> ProjectRowsInternal() => ProjectRows();

    /// <summary>
    /// The query rows (lists, reports) that mirror this grain's state. The host writes only the rows
    /// that changed since the last commit, in the same transaction as the state.
    /// </summary>
    protected virtual IEnumerable<QueryRow> ProjectRows() => [];
}
