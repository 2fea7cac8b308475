namespace Recall.Grains.Hosting;

/// <summary>
/// Marks the next grain call as an idempotent command (Orleans' RequestContext plays this role).
/// The host stores the call's result with the turn, in the same transaction, and answers a repeat
/// of the same key with the stored result instead of running the command again.
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<IdempotencyToken?> Pending = new();

    /// <summary>Applies to the next grain call made in this async flow; the call consumes it.</summary>
    public static void SetIdempotencyKey(string scope, string key, string requestHash) =>
        Pending.Value = new IdempotencyToken(scope, key, requestHash);

    /// <summary>Takes the pending token, so that calls the grain makes in turn do not inherit it.</summary>
    public static IdempotencyToken? TakeIdempotencyToken()
    {
        var token = Pending.Value;
        Pending.Value = null;
        return token;
    }
}

/// <summary>An idempotency key within a scope (a clinic), with a hash of the request it came with.</summary>
public sealed record IdempotencyToken(string Scope, string Key, string RequestHash);
