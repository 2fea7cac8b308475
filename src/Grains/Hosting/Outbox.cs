namespace Recall.Grains.Hosting;

/// <summary>
/// A side effect to perform after the turn commits. <see cref="MessageKey"/> names the step that
/// sends it (e.g. <c>recall:hygiene:2026-05-01</c>): the outbox keeps one message per grain and
/// key, so a re-run step never sends twice. <see cref="Sender"/> is who it is from, where the
/// channel lets each clinic send as itself (its own SMS number). <see cref="Calendar"/> is an
/// iCalendar text an email attaches (an appointment to add, move or cancel).
/// </summary>
public sealed record OutboxMessage(
    string Channel,
    string MessageKey,
    string Recipient,
    string Body,
    string? Subject = null,
    DateTimeOffset? NotBefore = null,
    SendWindow? Window = null,
    string? Sender = null,
    string? Calendar = null);

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

/// <summary>
/// How far a sent message got, as the provider reports it afterwards. Reports arrive late, out of
/// order and more than once; a later stage never goes back (the terminal ones share the top rank).
/// </summary>
public enum DeliveryStage
{
    Queued,
    Sending,
    Sent,
    Delivered,
    Undelivered,
    Failed,
}

public static class DeliveryStages
{
    /// <summary>Queued 0, Sending 1, Sent 2, and 3 for every terminal stage: the first terminal report wins.</summary>
    public static int Rank(this DeliveryStage stage) => stage switch
    {
        DeliveryStage.Queued => 0,
        DeliveryStage.Sending => 1,
        DeliveryStage.Sent => 2,
        _ => 3,
    };

    /// <summary>True if <paramref name="next"/> moves a message on from <paramref name="current"/>.</summary>
    public static bool Advances(this DeliveryStage next, DeliveryStage? current) => current is null || next.Rank() > current.Value.Rank();
}

/// <summary>A provider's report on a message this grain sent (e.g. Twilio's status callback).</summary>
public sealed record DeliveryReport(long OutboxId, string MessageKey, string Channel, string ProviderMessageId, DeliveryStage Stage, string? ErrorCode, DateTimeOffset At);

/// <summary>A grain that follows its messages after they are sent. Each report is a turn.</summary>
public interface IDeliveryReportHandler
{
    /// <summary>Applies a delivery report; reports can repeat or arrive out of order.</summary>
    Task OnDeliveryReportAsync(DeliveryReport report);
}
