using Orleans;

namespace Recall.Grains.Hosting;

/// <summary>
/// A side effect to perform after the turn commits. <see cref="MessageKey"/> names the step that
/// sends it (e.g. <c>recall:hygiene:2026-05-01</c>): the outbox keeps one message per grain and
/// key, so a re-run step never sends twice. <see cref="Sender"/> is who it is from, where the
/// channel lets each clinic send as itself (its own SMS number). <see cref="Calendar"/> is an
/// iCalendar text an email attaches (an appointment to add, move or cancel).
/// </summary>
[GenerateSerializer, Immutable]
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
[GenerateSerializer, Immutable]
public sealed record OutboxResult(
    long OutboxId,
    string MessageKey,
    string Channel,
    OutboxOutcome Outcome,
    DateTimeOffset At,
    int Attempts,
    string? ProviderMessageId = null,
    string? Error = null);

/// <summary>
/// How the outbox dispatcher tells a grain how one of its messages ended. Every grain takes it
/// (<see cref="Grain"/> implements it): the call is a turn of the grain whose commit also closes the
/// outbox row; a grain that cares overrides <c>OnOutboxResultAsync</c>.
/// </summary>
public interface IOutboxResultHandler : IGrain
{
    /// <summary>Receives the final outcome of one of this grain's outbox messages.</summary>
    Task ReceiveOutboxResultAsync(OutboxResult result);
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
[GenerateSerializer, Immutable]
public sealed record DeliveryReport(long OutboxId, string MessageKey, string Channel, string ProviderMessageId, DeliveryStage Stage, string? ErrorCode, DateTimeOffset At);

/// <summary>
/// How a provider's delivery reports reach the grain that sent the message. Every grain takes them
/// (<see cref="Grain"/> implements it); a grain that follows its messages overrides <c>OnDeliveryReportAsync</c>.
/// </summary>
public interface IDeliveryReportHandler : IGrain
{
    /// <summary>Applies a delivery report; reports can repeat or arrive out of order.</summary>
    Task ReceiveDeliveryReportAsync(DeliveryReport report);
}
