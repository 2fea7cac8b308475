using Recall.Grains.Clinics;
using Recall.Grains.Patients;

namespace Recall.Grains.Tests;

public sealed class RecallPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly RecallRule Hygiene = new("hygiene", "Hygiene", ["D1110"], IntervalMonths: 6);
    private static readonly RecallRule Exam = new("exam", "Exam", ["D0120"], IntervalMonths: 12);

    [Fact]
    public void Plan_NoQualifyingVisit_NoCycle() =>
        Assert.Empty(RecallPlanner.Plan([Visit(2026, 1, 1, "D2391")], [], [Hygiene], Today, Now));

    [Fact]
    public void Plan_OneCyclePerRule_FromTheLatestQualifyingVisit()
    {
        var cycles = RecallPlanner.Plan(
            [Visit(2025, 1, 10, "D1110", "D0120"), Visit(2026, 9, 1, "D1110"), Visit(2026, 3, 1, "D1110")], [], [Hygiene, Exam], Today, Now);

        Assert.Equal(new DateOnly(2027, 3, 1), cycles.Single(c => c.RecallType == "hygiene").DueDate);
        Assert.Equal(new DateOnly(2026, 1, 10), cycles.Single(c => c.RecallType == "exam").DueDate);
        Assert.Equal(RecallStatus.Due, cycles.Single(c => c.RecallType == "hygiene").Status);
        Assert.Equal(RecallStatus.Overdue, cycles.Single(c => c.RecallType == "exam").Status);
    }

    [Fact]
    public void Plan_DueToday_IsOverdue()
    {
        var cycle = Assert.Single(RecallPlanner.Plan([Visit(2026, 5, 22, "D1110")], [], [Hygiene], Today, Now));

        Assert.Equal((Today, RecallStatus.Overdue), (cycle.DueDate, cycle.Status));
    }

    [Fact]
    public void Plan_ManualDueDate_Wins()
    {
        var manual = new DateOnly(2027, 1, 15);
        var current = new RecallCycle("hygiene", null, manual, RecallStatus.Due, Now, manual);

        var cycle = Assert.Single(RecallPlanner.Plan([Visit(2026, 9, 1, "D1110")], [current], [Hygiene], Today, Now));

        Assert.Equal(manual, cycle.DueDate);
        Assert.Equal(manual, cycle.ManualDueDate);
    }

    [Fact]
    public void Plan_ManualDueDateWithoutVisits_MakesACycle() =>
        Assert.Single(RecallPlanner.Plan([], [new RecallCycle("hygiene", null, Today.AddDays(40), RecallStatus.Due, Now, Today.AddDays(40))], [Hygiene], Today, Now));

    [Fact]
    public void Plan_ContactedAndSameDueDate_KeepsContacted()
    {
        var due = new DateOnly(2027, 3, 1);
        var contacted = new RecallCycle("hygiene", new DateOnly(2026, 9, 1), due, RecallStatus.Contacted, Now.AddDays(-2));

        var cycle = Assert.Single(RecallPlanner.Plan([Visit(2026, 9, 1, "D1110")], [contacted], [Hygiene], Today, Now));

        Assert.Equal(RecallStatus.Contacted, cycle.Status);
        Assert.Equal(Now.AddDays(-2), cycle.StatusSince);
    }

    [Fact]
    public void Plan_RuleRemoved_DropsItsCycle() =>
        Assert.Empty(RecallPlanner.Plan([Visit(2026, 9, 1, "D1110")], [new RecallCycle("hygiene", null, Today, RecallStatus.Due, Now)], [], Today, Now));

    private static Visit Visit(int year, int month, int day, params string[] codes) => new(new DateOnly(year, month, day), codes, Now);
}
