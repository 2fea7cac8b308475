using Orleans;

namespace Recall.Grains.Clinics;

/// <summary>
/// How often a recall type comes round. A completed visit with one of <see cref="ServiceCodes"/>
/// restarts the cycle: due = visit + <see cref="IntervalMonths"/> months + <see cref="IntervalDays"/>
/// days + <see cref="ExtraDays"/> (a margin that keeps the visit outside an insurer's frequency limit,
/// e.g. "twice a year, but not within 6 months of the last cleaning").
/// <see cref="Schedule"/>, when given, says when the client hears of the due date (e.g. 28 and 7 days
/// before, on the day, 14 days after if not booked) instead of the single notice on the due day.
/// <see cref="StaffTask"/> makes the rule an internal reminder: the visit puts a task on a role's
/// worklist after the interval, and nothing is sent to the client (e.g. "call the owner two days
/// after surgery"); such a rule has no recall cycle.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecallRule(
    string Type,
    string Name,
    IReadOnlyList<string> ServiceCodes,
    int IntervalMonths,
    int IntervalDays = 0,
    int ExtraDays = 0,
    IReadOnlyList<Reminders.SendStep>? Schedule = null,
    Reminders.StaffFollowUp? StaffTask = null)
{
    /// <summary>A recall the client hears of (a cycle with a due date), not a reminder for staff only.</summary>
    public bool IsRecall => StaffTask is null;

    public DateOnly DueAfter(DateOnly visit) => visit.AddMonths(IntervalMonths).AddDays(IntervalDays + ExtraDays);

    public bool IsCompletedBy(IEnumerable<string> serviceCodes) =>
        serviceCodes.Any(code => ServiceCodes.Contains(code, StringComparer.OrdinalIgnoreCase));
}
