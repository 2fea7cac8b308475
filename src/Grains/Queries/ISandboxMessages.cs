namespace Recall.Grains.Queries;

/// <summary>Messages the sandbox channel "sent": what would have gone out, without leaving the machine.</summary>
public interface ISandboxMessages
{
    /// <summary>The clinic's most recent sandbox messages, newest first.</summary>
    Task<IReadOnlyList<SandboxMessage>> ListAsync(string clinicId, int limit, CancellationToken cancellationToken);
}

public sealed record SandboxMessage(
    long OutboxId,
    string GrainKey,
    string Channel,
    string Recipient,
    string? Subject,
    string Body,
    DateTimeOffset SentAt);
