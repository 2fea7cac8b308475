using Recall.Silo.Storage;

namespace Recall.Silo.Outbox;

/// <summary>A way out of the product (SMS, email, a webhook). The dispatcher retries, records and reports back.</summary>
public interface IOutboxChannel
{
    /// <summary>The channel name outbox messages address, e.g. "sms".</summary>
    string Name { get; }

    /// <summary>
    /// True when sending the same outbox message twice delivers it once (the sandbox keys by outbox
    /// id). False (Twilio's create call) makes the dispatcher mark each attempt before it starts, and
    /// treat an attempt it finds unfinished, or an unexpected error, as uncertain instead of resending.
    /// </summary>
    bool IsIdempotent { get; }

    /// <summary>Sends one message. Throwing counts as a transient failure.</summary>
    Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken);
}

/// <summary>What a channel made of a send.</summary>
public abstract record ChannelResult
{
    public sealed record Sent(string? ProviderMessageId) : ChannelResult;

    /// <summary>Worth trying again later (rate limit, timeout, 5xx); <see cref="RetryAfter"/> if the peer said when.</summary>
    public sealed record TransientFailure(string Error, TimeSpan? RetryAfter = null) : ChannelResult;

    /// <summary>Will never work as it is (invalid number, opted out): not retried.</summary>
    public sealed record PermanentFailure(string Error) : ChannelResult;

    /// <summary>
    /// The peer may or may not have sent it (a timeout or 5xx on a create call that is not
    /// idempotent): not retried blindly, since a retry could send it twice. The grain hears it.
    /// </summary>
    public sealed record Uncertain(string Error) : ChannelResult;
}

/// <summary>Where the sandbox channel records what it "sent".</summary>
public interface ISandboxStore
{
    /// <summary>Records a message once per outbox id: a resend after a crash is not a second message.</summary>
    Task RecordAsync(OutboxEntry message, DateTimeOffset sentAt, CancellationToken cancellationToken);
}
