using System.Diagnostics;
using Orleans;
using Recall.Grains.Hosting;
using OrleansRequestContext = Orleans.Runtime.RequestContext;

namespace Recall.Silo.Turns;

/// <summary>
/// Carries what a grain call needs from its caller into Orleans' request context, where the callee's
/// <see cref="TurnFilter"/> takes it out:
/// <list type="bullet">
/// <item>a command's idempotency key, which the API sets for its first grain call
/// (<see cref="RequestContext.SetIdempotencyKey"/>). Orleans' request context flows into every call a
/// grain makes, so the key is removed on both sides: the caller's after its call, the callee's before
/// its turn runs, so no nested call inherits it;</item>
/// <item>the caller's span, so the callee's turn continues its trace. Orleans propagates the trace
/// itself only when something listens to its own spans; ours must connect either way.</item>
/// </list>
/// </summary>
internal sealed class CallContextForwarding : IOutgoingGrainCallFilter
{
    private const string IdempotencyKey = "recall.idempotency";
    private const string TraceParentKey = "recall.traceparent";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var token = RequestContext.TakeIdempotencyToken();
        if (token is not null)
        {
            OrleansRequestContext.Set(IdempotencyKey, $"{token.Scope}\n{token.Key}\n{token.RequestHash}");
        }

        if (Activity.Current?.Id is { } traceParent)
        {
            OrleansRequestContext.Set(TraceParentKey, traceParent);
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            OrleansRequestContext.Remove(IdempotencyKey);
            OrleansRequestContext.Remove(TraceParentKey);
        }
    }

    /// <summary>The idempotency key the current call carries, taken out of the request context.</summary>
    public static IdempotencyToken? TakeIdempotencyToken()
    {
        if (OrleansRequestContext.Get(IdempotencyKey) is not string carried)
        {
            return null;
        }

        OrleansRequestContext.Remove(IdempotencyKey);
        var parts = carried.Split('\n', 3);
        return parts.Length == 3 ? new IdempotencyToken(parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>The span a turn continues: Orleans' own span for the call if it made one, else the caller's.</summary>
    public static ActivityContext CallerSpan() =>
        Activity.Current?.Context
        ?? (ActivityContext.TryParse(OrleansRequestContext.Get(TraceParentKey) as string, null, out var caller) ? caller : default);
}
