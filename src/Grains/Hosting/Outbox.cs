namespace Recall.Grains.Hosting;

/// <summary>
/// A side effect to perform after the turn commits. <see cref="MessageKey"/> names the step that
/// sends it (e.g. <c>recall:hygiene:2026-05-01</c>): the outbox keeps one message per grain and
/// key, so a re-run step never sends twice.
/// </summary>
public sealed record OutboxMessage(
    string Channel,
    string MessageKey,
    string Recipient,
    string Body,
    string? Subject = null,
    DateTimeOffset? NotBefore = null);

public enum OutboxOutcome
{
    Sent,
    Failed,

    /// <summary>The channel could not tell whether it sent the message (it is not resent, so it is never sent twice).</summary>
    Uncertain,
}

/// <summary>How an outbox message ended, delivered back to the grain that sent it.</summary>
public sealed record OutboxResult(
    long OutboxId,
    string MessageKey,
    string Channel,
    OutboxOutcome Outcome,
    DateTimeOffset At,
    int Attempts,
    string? ProviderMessageId = null,
    string? Error = null);

/// <summary>A grain that wants to know how its outbox messages ended. Each result is a turn.</summary>
public interface IOutboxResultHandler
{
    /// <summary>Receives the final outcome of one of this grain's outbox messages.</summary>
    Task OnOutboxResultAsync(OutboxResult result);
}
