using Recall.Grains.Clinics;

namespace Recall.Grains.Patients;

/// <summary>
/// Computes a patient's open recall cycles from the visits and the clinic's rules: one cycle per
/// rule with a due date (last qualifying visit + interval; a manual due date wins). Pure, so the
/// rules are tested without a host.
/// </summary>
public static class RecallPlanner
{
    public static List<RecallCycle> Plan(
        IReadOnlyList<Visit> visits,
        IReadOnlyList<RecallCycle> current,
        IReadOnlyList<RecallRule> rules,
        DateOnly today,
        DateTimeOffset now)
    {
        var cycles = new List<RecallCycle>(rules.Count);
        foreach (var rule in rules.Where(r => r.IsRecall))
        {
            var existing = current.FirstOrDefault(c => c.RecallType == rule.Type);
            var lastVisit = LastQualifyingVisit(visits, rule);
            var manual = existing?.ManualDueDate;
            DateOnly? due = manual ?? (lastVisit is { } visit ? rule.DueAfter(visit) : null);
            if (due is not { } dueDate)
            {
                continue;
            }

            // A notice and an outreach belong to a due date: a new due date owes new ones.
            var next = existing is not null && existing.DueDate == dueDate
                ? existing with { LastVisit = lastVisit, ManualDueDate = manual }
                : new RecallCycle(rule.Type, lastVisit, dueDate, existing?.Status ?? RecallStatus.Due, existing?.StatusSince ?? now, manual);
            cycles.Add(next switch
            {
                // Contacted and Scheduled are steps of outreach; a due date that moved starts the cycle afresh.
                var kept when existing is not null && existing.DueDate == dueDate && existing.Status is RecallStatus.Contacted or RecallStatus.Scheduled => kept,
                var cycle => WithDateStatus(cycle, today, now, existing),
            });
        }

        return cycles;
    }

    /// <summary>The date of the latest visit that completes the rule's recall type, if any.</summary>
    public static DateOnly? LastQualifyingVisit(IReadOnlyList<Visit> visits, RecallRule rule) =>
        visits.Where(v => rule.IsCompletedBy(v.ServiceCodes)).Select(v => (DateOnly?)v.Date).Max();

    private static RecallCycle WithDateStatus(RecallCycle cycle, DateOnly today, DateTimeOffset now, RecallCycle? existing)
    {
        var status = cycle.DueDate <= today ? RecallStatus.Overdue : RecallStatus.Due;
        var since = existing is not null && existing.Status == status ? existing.StatusSince : now;
        return cycle with { Status = status, StatusSince = since };
    }
}
