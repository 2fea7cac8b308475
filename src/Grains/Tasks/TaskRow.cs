using Recall.Grains.Hosting;
using Recall.Grains.Staff;

namespace Recall.Grains.Tasks;

/// <summary>A task in the clinic's worklists, maintained by the patient grain that owns it.</summary>
public sealed record TaskRow(
    string ClinicId,
    string PatientId,
    string TaskId,
    string Step,
    StaffRole Role,
    TaskPriority Priority,
    StaffTaskStatus Status,
    string Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? SnoozedUntil,
    string? ClaimedBy,
    TaskOutcome? Outcome,
    DateTimeOffset? ClosedAt,
    string? RecallType) : QueryRow
{
    public override string RowKey => TaskId;

    public static TaskRow Of(string clinicId, string patientId, StaffTask task) => new(
        clinicId, patientId, task.Id, task.Step, task.Role, task.Priority, task.Status, task.Reason, task.CreatedAt, task.DueAt,
        task.SnoozedUntil, task.ClaimedBy, task.Outcome, task.ClosedAt, task.RecallType);
}

/// <summary>Filters for a worklist; by default the open tasks (not snoozed) of every role.</summary>
public sealed record TaskFilter(
    StaffRole? Role = null,
    StaffTaskStatus? Status = null,
    string? PatientId = null,
    bool IncludeSnoozed = false,
    int Page = 1,
    int PageSize = 50);

/// <summary>A task as a worklist shows it: with the patient's name.</summary>
public sealed record TaskListItem(
    string TaskId,
    string PatientId,
    string PatientName,
    string Step,
    StaffRole Role,
    TaskPriority Priority,
    StaffTaskStatus Status,
    string Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? SnoozedUntil,
    string? ClaimedBy,
    TaskOutcome? Outcome,
    DateTimeOffset? ClosedAt,
    string? RecallType)
{
    /// <summary>What the task may end with, so a page offers only those.</summary>
    public IReadOnlyList<TaskOutcome> Outcomes => TaskSteps.OutcomesOf(Step);

    /// <summary>Booking the patient ends this task (the page offers "Book").</summary>
    public bool EndedByBooking => TaskSteps.EndedByBooking.Contains(Step);
}

public sealed record TaskPage(IReadOnlyList<TaskListItem> Items, int Page, int PageSize, int Total);
