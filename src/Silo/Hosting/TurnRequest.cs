using System.Diagnostics;
using System.Reflection;
using Recall.Grains.Hosting;

namespace Recall.Silo.Hosting;

/// <summary>One message for an activation: it runs as one turn, and the caller awaits its outcome.</summary>
internal abstract class TurnRequest(string name, IdempotencyToken? idempotency, ActivityContext parent, Type? resultType)
{
    /// <summary>What the turn is, for spans and metrics: a method name, "reminder" or "outbox-result".</summary>
    public string Name { get; } = name;

    public IdempotencyToken? Idempotency { get; } = idempotency;

    /// <summary>The caller's span, so a turn reads as part of the request (or reminder, or send) that caused it.</summary>
    public ActivityContext Parent { get; } = parent;

    /// <summary>The type of the value the call returns (null for a plain Task); stored with an idempotency key.</summary>
    public Type? ResultType { get; } = resultType;

    /// <summary>
    /// Runs before the grain code in the same turn, to add the host's own writes to it (a reminder
    /// advanced, an outbox row closed). Returns false when the request is stale and the turn is skipped.
    /// </summary>
    public virtual bool Prepare(TurnContext turn) => true;

    /// <summary>
    /// Whether the turn may run on the calling thread when the activation is idle. Grain calls may:
    /// their callers await them. The host's own turns are queued, so a loop handing out many of them
    /// goes on while they run.
    /// </summary>
    public virtual bool MayRunOnCaller => false;

    /// <summary>Calls the grain; a ValueTask, so a method that completes synchronously costs no Task here.</summary>
    public abstract ValueTask<object?> InvokeAsync(Grain grain);

    public abstract void Complete(object? result);

    public abstract void Fail(Exception exception);
}

/// <summary>A call of a grain interface method.</summary>
internal sealed class MethodCall<T>(MethodInfo method, object?[] args, Type? resultType, IdempotencyToken? idempotency, ActivityContext parent)
    : TurnRequest(method.Name, idempotency, parent, resultType)
{
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => completion.Task;

    public override bool MayRunOnCaller => true;

    public override ValueTask<object?> InvokeAsync(Grain grain)
    {
        var returned = GrainMethodInvoker.For(method)(grain, args);
        if (returned.IsCompletedSuccessfully)
        {
            // Most grain methods finish without awaiting: no state machine for those.
            return new ValueTask<object?>(returned is Task<T> done ? done.Result : null);
        }

        return new ValueTask<object?>(AwaitAsync(returned));
    }

    private static async Task<object?> AwaitAsync(Task returned)
    {
        if (returned is Task<T> typed)
        {
            return await typed;
        }

        await returned;
        return null;
    }

    public override void Complete(object? result) => completion.TrySetResult((T)result!);

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}

/// <summary>
/// Calls grain interface methods through delegates compiled once per method (a reflection Invoke
/// per call allocated and cost more than a whole in-memory turn).
/// </summary>
internal static class GrainMethodInvoker
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, Func<object, object?[], Task>> Invokers = new();

    public static Func<object, object?[], Task> For(MethodInfo method) => Invokers.GetOrAdd(method, Compile);

    private static Func<object, object?[], Task> Compile(MethodInfo method)
    {
        var target = System.Linq.Expressions.Expression.Parameter(typeof(object), "grain");
        var args = System.Linq.Expressions.Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters().Select((p, i) => System.Linq.Expressions.Expression.Convert(
            System.Linq.Expressions.Expression.ArrayIndex(args, System.Linq.Expressions.Expression.Constant(i)), p.ParameterType));
        var call = System.Linq.Expressions.Expression.Call(System.Linq.Expressions.Expression.Convert(target, method.DeclaringType!), method, parameters);
        return System.Linq.Expressions.Expression.Lambda<Func<object, object?[], Task>>(
            System.Linq.Expressions.Expression.Convert(call, typeof(Task)), target, args).Compile();
    }
}

/// <summary>A turn the host itself asks for (not a grain method); the awaiting host code needs only its end.</summary>
internal abstract class HostTurn(string name, ActivityContext parent) : TurnRequest(name, null, parent, null)
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => completion.Task;

    public override void Complete(object? result) => completion.TrySetResult();

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}

/// <summary>One occurrence of a durable reminder, fired as a turn of its grain.</summary>
internal sealed class ReminderTurn(ReminderTick tick, ActivityContext parent, Action? started = null) : HostTurn("reminder", parent)
{
    public ReminderTick Tick { get; } = tick;

    /// <summary>True when the occurrence ran; false when it was stale (moved or removed before it fired).</summary>
    public bool Fired { get; private set; }

    public override bool Prepare(TurnContext turn)
    {
        started?.Invoke();
        Fired = turn.TakeOccurrence(Tick);
        return Fired;
    }

    public override async ValueTask<object?> InvokeAsync(Grain grain)
    {
        if (grain is IRemindable remindable)
        {
            await remindable.ReceiveReminderAsync(Tick);
        }

        return null;
    }
}
