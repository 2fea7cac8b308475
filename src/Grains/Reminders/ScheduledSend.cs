using Orleans;
using Recall.Grains.Staff;

namespace Recall.Grains.Reminders;

/// <summary>
/// One send of a rule's schedule, relative to the due date: <see cref="DaysFromDue"/> -28 is four
/// weeks before, 0 the day itself, 14 two weeks after (if still not booked). Each channel listed
/// ("sms", "email") gets its own message, at the opening of the sending window that day.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SendStep(int DaysFromDue, IReadOnlyList<string> Channels);

/// <summary>What an internal reminder puts on a worklist: the role it lands on and what to do.</summary>
[GenerateSerializer, Immutable]
public sealed record StaffFollowUp(StaffRole Role, string Text);

/// <summary>Why a message is in the send queue.</summary>
public enum SendPurpose
{
    /// <summary>A step of a recall rule's send schedule.</summary>
    Recall,

    /// <summary>A reminder a staff member scheduled for the client.</summary>
    Manual,

    /// <summary>A reminder before a booked appointment.</summary>
    Booking,

    /// <summary>A reminder for staff only: a task on a role's worklist, nothing sent to the client.</summary>
    Internal,
}

/// <summary>
/// Where a send stands. Scheduled: waiting for its time (a manual one can still be edited). Held: its
/// time came, and the sending window or the daily/weekly caps put it later. Sent, Failed: what the
/// channel said. Withdrawn: its purpose went (booked, done, due date moved, cancelled by staff).
/// </summary>
public enum SendState
{
    Scheduled,
    Held,
    Sent,
    Failed,
    Withdrawn,
}

/// <summary>
/// A message (or, for <see cref="SendPurpose.Internal"/>, a task) the patient grain will make at
/// <see cref="At"/>. <see cref="Id"/> is stable for rule and booking sends (recall type, due date and
/// step; appointment and reminder), so planning twice never makes two. <see cref="Text"/> is a
/// staff member's own wording; without it the clinic's template for the purpose is used.
/// <see cref="GoesAt"/> is when the outbox will send it, once handed over. <see cref="ReminderId"/>
/// groups the sends of one manual reminder.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScheduledSend(
    string Id,
    SendPurpose Purpose,
    string Channel,
    DateTimeOffset At,
    SendState State,
    DateTimeOffset CreatedAt,
    string? RecallType = null,
    DateOnly? DueDate = null,
    string? Text = null,
    string? By = null,
    StaffRole? Role = null,
    string? ReminderId = null,
    DateTimeOffset? GoesAt = null,
    string? Detail = null,
    DateTimeOffset? SettledAt = null,
    string? OutboxKey = null)
{
    public bool IsPending => State is SendState.Scheduled or SendState.Held;

    /// <summary>
    /// A send's time as its durable reminder stores it (whole milliseconds). A send planned for "now"
    /// by a real clock carries sub-millisecond ticks; compared unrounded with its reminder's due time it
    /// would look early forever, and be re-registered for a time already past, again and again.
    /// </summary>
    public static DateTimeOffset ReminderPrecision(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()).ToOffset(at.Offset);

    /// <summary>
    /// The outbox key of the message: one per send, so a re-run step never sends twice. A booking
    /// reminder keeps the key its appointment's messages have always had (<see cref="OutboxKey"/>).
    /// A rule's send counts as recall outreach in the reports, as the first notice does (<c>recall-</c>).
    public string MessageKey => OutboxKey ?? (Purpose == SendPurpose.Recall ? $"recall-send:{Id}" : $"send:{Id}");
}
