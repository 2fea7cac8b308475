using Orleans;
using Recall.Grains.Staff;

namespace Recall.Grains.Tasks;

/// <summary>High first: lists sort by priority, then due time.</summary>
public enum TaskPriority
{
    High,
    Normal,
    Low,
}

public enum StaffTaskStatus
{
    Open,
    Claimed,
    Done,

    /// <summary>Closed by the workflow: the patient booked or the cycle completed, so the task has no purpose left.</summary>
    Cancelled,
}

/// <summary>How a task ended. Call outcomes are logged as contact attempts and move the recall cycle.</summary>
public enum TaskOutcome
{
    Reached,
    Booked,
    NoAnswer,
    Voicemail,
    WrongNumber,
    Reviewed,
    Verified,
    Resolved,
    NotNeeded,
}

/// <summary>
/// A piece of work for one role about one patient. <see cref="Id"/> names the workflow step and
/// the cycle it is for (e.g. <c>remind-hygiene-20260706</c>): a step never makes a second task.
/// A snoozed task stays open but leaves the worklist until <see cref="SnoozedUntil"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StaffTask(
    string Id,
    string Step,
    StaffRole Role,
    TaskPriority Priority,
    string Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    StaffTaskStatus Status = StaffTaskStatus.Open,
    string? RecallType = null,
    string? ClaimedBy = null,
    DateTimeOffset? SnoozedUntil = null,
    TaskOutcome? Outcome = null,
    string? Note = null,
    string? ClosedBy = null,
    DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => Status is StaffTaskStatus.Open or StaffTaskStatus.Claimed;
}

/// <summary>The workflow steps that make tasks, with the role each lands on.</summary>
public static class TaskSteps
{
    /// <summary>Step 4: the front desk reminds the patient (high priority).</summary>
    public const string Remind = "remind";

    /// <summary>Step 8: the hygienist reviews the patient's history before the visit.</summary>
    public const string ReviewHistory = "review-history";

    /// <summary>Step 17: the insurance on file is missing or expired.</summary>
    public const string VerifyInsurance = "verify-insurance";

    /// <summary>Step 12: still not booked long after the due date; the lead dentist decides.</summary>
    public const string OverdueAlert = "overdue-alert";

    /// <summary>Step 15: no channel reaches the patient; admin staff verify the contact details.</summary>
    public const string HardToReach = "hard-to-reach";

    /// <summary>Step 27: no answer to the first contacts; the office manager follows up.</summary>
    public const string NoResponse = "no-response";

    /// <summary>The patient said yes to a recall message: book them.</summary>
    public const string WantsBooking = "wants-booking";

    /// <summary>A booked recall visit was cancelled: offer another.</summary>
    public const string Rebook = "rebook";

    /// <summary>An internal reminder (a rule's or a person's): the task lands on the role it names, not by step.</summary>
    public const string StaffReminder = "staff-reminder";

    /// <summary>The steps whose purpose is to get the patient booked: a booking closes them.</summary>
    public static readonly IReadOnlySet<string> EndedByBooking = new HashSet<string>(StringComparer.Ordinal)
    {
        Remind, OverdueAlert, NoResponse, WantsBooking, Rebook,
    };

    /// <summary>The steps completed by a call: their outcome is logged as a contact attempt.</summary>
    public static readonly IReadOnlySet<string> Calls = new HashSet<string>(StringComparer.Ordinal)
    {
        Remind, NoResponse, WantsBooking, Rebook, HardToReach,
    };

    /// <summary>The outcomes a task of this step may end with (a review is not a call; a call is not a review).</summary>
    public static IReadOnlyList<TaskOutcome> OutcomesOf(string step) => step switch
    {
        ReviewHistory or OverdueAlert => [TaskOutcome.Reviewed, TaskOutcome.NotNeeded],
        VerifyInsurance => [TaskOutcome.Verified, TaskOutcome.NotNeeded],
        StaffReminder => [TaskOutcome.Reviewed, TaskOutcome.Reached, TaskOutcome.NoAnswer, TaskOutcome.Voicemail, TaskOutcome.NotNeeded],
        HardToReach => [TaskOutcome.Resolved, TaskOutcome.Reached, TaskOutcome.Booked, TaskOutcome.NoAnswer, TaskOutcome.WrongNumber, TaskOutcome.NotNeeded],
        _ => [TaskOutcome.Reached, TaskOutcome.Booked, TaskOutcome.NoAnswer, TaskOutcome.Voicemail, TaskOutcome.WrongNumber, TaskOutcome.NotNeeded],
    };

    public static StaffRole RoleOf(string step) => step switch
    {
        ReviewHistory => StaffRole.Hygienist,
        OverdueAlert => StaffRole.LeadDentist,
        HardToReach => StaffRole.Admin,
        NoResponse => StaffRole.OfficeManager,
        _ => StaffRole.FrontDesk,
    };
}
