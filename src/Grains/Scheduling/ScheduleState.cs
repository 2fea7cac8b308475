namespace Recall.Grains.Scheduling;

/// <summary>
/// The persisted state of a clinic's schedule. Stored as JSON: never rename or reuse a property.
/// Appointments that ended more than <see cref="ScheduleGrain.KeepDays"/> days ago are dropped from
/// it (the patients keep their own history and the appointment rows), so the document stays small.
/// </summary>
public sealed class ScheduleState
{
    public List<VisitType> VisitTypes { get; set; } = [];

    public List<ScheduleResource> Resources { get; set; } = [];

    public List<Appointment> Appointments { get; set; } = [];

    public List<AsapEntry> Asap { get; set; } = [];
}
