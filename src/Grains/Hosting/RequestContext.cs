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

    /// <summary>
    /// Takes the pending token for one call. The token is one-shot: an AsyncLocal cleared inside an
    /// async method stays set in its caller, so the token itself remembers that it was used.
    /// </summary>
    public static IdempotencyToken? TakeIdempotencyToken()
    {
        var token = Pending.Value;
        Pending.Value = null;
        return token is not null && token.TryConsume() ? token : null;
    }
}

/// <summary>An idempotency key within a scope (a clinic), with a hash of the request it came with.</summary>
public sealed class IdempotencyToken(string scope, string key, string requestHash)
{
    private int consumed;

    public string Scope { get; } = scope;

    public string Key { get; } = key;

    public string RequestHash { get; } = requestHash;

    internal bool TryConsume() => Interlocked.Exchange(ref consumed, 1) == 0;
}
