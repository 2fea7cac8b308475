using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// A channel that sends nothing off the machine: it records each message so it can be listed
/// (GET /clinics/{id}/outbox). The product uses it until real SMS and email are configured.
/// </summary>
public sealed class SandboxChannel(string name, ISandboxStore store, TimeProvider time) : IOutboxChannel
{
    public string Name { get; } = name;

    public bool IsIdempotent => true;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        await store.RecordAsync(message, time.GetUtcNow(), cancellationToken);
        return new ChannelResult.Sent($"sandbox-{message.Id}");
    }
}
