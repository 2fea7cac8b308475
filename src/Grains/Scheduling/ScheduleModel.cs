using Orleans;

namespace Recall.Grains.Scheduling;

/// <summary>
/// A kind of visit the clinic books: how long it takes and which kinds of resource it needs at once
/// (e.g. a chair and a hygienist). <see cref="RecallType"/> links it to the recall it completes, so
/// booking it ends that recall's outreach. <see cref="Instructions"/> are the preparation sent before
/// the visit, by language (e.g. "Please do not eat for two hours before.").
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VisitType(
    string Id,
    string Name,
    int DurationMinutes,
    IReadOnlyList<string> ResourceKinds,
    string? RecallType = null,
    IReadOnlyDictionary<string, string>? Instructions = null);

/// <summary>A chair, room or person that visits need, with its weekly hours and breaks in the clinic's local time.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleResource(
    string Id,
    string Name,
    string Kind,
    IReadOnlyList<WeeklyHours> Hours,
    IReadOnlyList<WeeklyHours>? Breaks = null);

/// <summary>A stretch of local time on one day of the week.</summary>
[GenerateSerializer, Immutable]
public sealed record WeeklyHours(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>The clinic's bookable setup.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleSetup(IReadOnlyList<VisitType> VisitTypes, IReadOnlyList<ScheduleResource> Resources);

public enum AppointmentStatus
{
    Booked,
    Cancelled,
    Completed,

    /// <summary>The day passed with no visit recorded: a no-show.</summary>
    Missed,
}

/// <summary>A booked visit: who, what, when (instants; shown in the clinic's time zone) and with which resources.</summary>
[GenerateSerializer, Immutable]
public sealed record Appointment(
    string Id,
    string PatientId,
    string VisitTypeId,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<string> ResourceIds,
    AppointmentStatus Status,
    DateTimeOffset BookedAt,
    string? BookedBy = null,
    DateTimeOffset? CancelledAt = null,
    string? CancelReason = null);

/// <summary>A free time for a visit type, with the resources that would take it.</summary>
[GenerateSerializer, Immutable]
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> ResourceIds);

/// <summary>What to search: a visit type over some days, optionally within the patient's preferred days and hours.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotQuery(
    string VisitTypeId,
    DateOnly From,
    int Days = 14,
    IReadOnlyList<DayOfWeek>? OnDays = null,
    TimeOnly? NotBefore = null,
    TimeOnly? NotAfter = null,
    int Max = 20);

/// <summary>A booking: <see cref="Start"/> must be a free slot; the resources are chosen when not given.</summary>
[GenerateSerializer, Immutable]
public sealed record BookingRequest(
    string AppointmentId,
    string PatientId,
    string VisitTypeId,
    DateTimeOffset Start,
    IReadOnlyList<string>? ResourceIds = null,
    string? By = null);

/// <summary>A patient waiting for an earlier slot of a visit type: offered cancelled slots, first come first served.</summary>
[GenerateSerializer, Immutable]
public sealed record AsapEntry(string PatientId, string VisitTypeId, DateTimeOffset AddedAt);

/// <summary>What the schedule tells a patient grain (through the outbox, so it is never lost): a booking, a change, or a slot on offer.</summary>
[GenerateSerializer, Immutable]
public sealed record AppointmentNotice(
    AppointmentNoticeKind Kind,
    string AppointmentId,
    string VisitTypeId,
    string VisitTypeName,
    string? RecallType,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyDictionary<string, string>? Instructions,
    string? By = null);

public enum AppointmentNoticeKind
{
    Booked,
    Cancelled,

    /// <summary>A cancelled slot offered to a patient on the ASAP list; the first "yes" gets it.</summary>
    SlotOffered,
}
