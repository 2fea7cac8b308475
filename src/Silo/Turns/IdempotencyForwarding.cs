using Orleans;
using Recall.Grains.Hosting;
using OrleansRequestContext = Orleans.Runtime.RequestContext;

namespace Recall.Silo.Turns;

/// <summary>
/// Carries a command's idempotency key (set by the API for its first grain call,
/// <see cref="RequestContext.SetIdempotencyKey"/>) into Orleans' request context for that one call,
/// where the callee's <see cref="TurnFilter"/> takes it. Orleans' request context flows into every
/// call a grain makes, so the key is removed on both sides: the caller's after its call, the
/// callee's before its turn runs, so no nested call inherits it.
/// </summary>
internal sealed class IdempotencyForwarding : IOutgoingGrainCallFilter
{
    private const string Key = "recall.idempotency";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (RequestContext.TakeIdempotencyToken() is not { } token)
        {
            await context.Invoke();
            return;
        }

        OrleansRequestContext.Set(Key, $"{token.Scope}\n{token.Key}\n{token.RequestHash}");
        try
        {
            await context.Invoke();
        }
        finally
        {
            OrleansRequestContext.Remove(Key);
        }
    }

    /// <summary>The key the current call carries, taken out of the request context.</summary>
    public static IdempotencyToken? Take()
    {
        if (OrleansRequestContext.Get(Key) is not string carried)
        {
            return null;
        }

        OrleansRequestContext.Remove(Key);
        var parts = carried.Split('\n', 3);
        return parts.Length == 3 ? new IdempotencyToken(parts[0], parts[1], parts[2]) : null;
    }
}
