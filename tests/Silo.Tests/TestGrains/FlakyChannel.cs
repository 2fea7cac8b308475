using Recall.Silo.Outbox;
using Recall.Silo.Storage;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>A channel that fails transiently a set number of times, then sends; or always fails permanently.</summary>
public sealed class FlakyChannel(string name, int transientFailures, bool permanent = false) : IOutboxChannel
{
    private int calls;

    public string Name { get; } = name;

    public bool IsIdempotent => true;

    public int Calls => Volatile.Read(ref calls);

    public Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref calls);
        ChannelResult result = permanent
            ? new ChannelResult.PermanentFailure("21211: invalid To number")
            : call <= transientFailures
                ? new ChannelResult.TransientFailure("429 Too Many Requests")
                : new ChannelResult.Sent($"provider-{message.Id}");
        return Task.FromResult(result);
    }
}
