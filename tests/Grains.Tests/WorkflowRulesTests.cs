using Recall.Grains.Clinics;
using Recall.Grains.Insurance;
using Recall.Grains.Patients;
using Recall.Grains.Reports;
using Recall.Grains.Retention;
using Recall.Grains.Scheduling;

namespace Recall.Grains.Tests;

/// <summary>The workflow's pure rules: free slots (across a change of clocks), coverage, the suggested date, the retention score, CSV.</summary>
public sealed class WorkflowRulesTests
{
    private static readonly RecallContext Warsaw = new("Smile", "Europe/Warsaw", ["pl"], []);
    private static readonly VisitType Hygiene = new("hygiene-60", "Hygiene", 60, ["chair"], "hygiene");
    private static readonly ScheduleSetup OneChair = new([Hygiene],
        [new ScheduleResource("chair-1", "Chair", "chair", [new WeeklyHours(DayOfWeek.Sunday, new TimeOnly(8, 0), new TimeOnly(11, 0))],
            [new WeeklyHours(DayOfWeek.Sunday, new TimeOnly(9, 0), new TimeOnly(9, 30))])]);

    [Fact]
    public void Slots_OnTheDayClocksGoBack_AreLocalHoursAtTheRightInstants()
    {
        // 2026-10-25: Warsaw goes from UTC+2 to UTC+1 at 03:00; 08:00 local is 07:00 UTC that day.
        var slots = SlotFinder.Find(OneChair, [], Warsaw.At, DateTimeOffset.MinValue, new SlotQuery("hygiene-60", new DateOnly(2026, 10, 25), 1));

        // 08:00 fits before the 09:00 break; 09:30, 09:45 and 10:00 fit after it; nothing runs past 11:00.
        Assert.Equal(["07:00", "08:30", "08:45", "09:00"], slots.Select(s => s.Start.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Slots_ABookedResource_IsNotOffered()
    {
        var taken = new Appointment("a1", "p1", "hygiene-60", new DateTimeOffset(2026, 10, 25, 8, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 9, 30, 0, TimeSpan.Zero),
            ["chair-1"], AppointmentStatus.Booked, DateTimeOffset.MinValue);
        var slots = SlotFinder.Find(OneChair, [taken], Warsaw.At, DateTimeOffset.MinValue, new SlotQuery("hygiene-60", new DateOnly(2026, 10, 25), 1));
        Assert.Equal([new DateTimeOffset(2026, 10, 25, 7, 0, 0, TimeSpan.Zero)], slots.Select(s => s.Start));
    }

    [Fact]
    public void Coverage_FrequencyLimit_MovesTheEarliestCoveredDate()
    {
        var policy = new InsurancePolicy("PZU", "Plus", "M1", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), MinMonthsBetweenVisits: 6, MaxVisitsPerYear: 2);
        var visits = new[] { new DateOnly(2026, 1, 10), new DateOnly(2026, 7, 20) };

        var early = Coverage.Check(policy, visits, new DateOnly(2026, 12, 1));
        Assert.Equal((CoverageStatus.NotCovered, (DateOnly?)null), (early.Status, early.EarliestCoveredDate)); // The next allowed date is after the policy ends.
        Assert.Equal(CoverageStatus.Covered, Coverage.Check(policy, [new DateOnly(2026, 1, 10)], new DateOnly(2026, 7, 10)).Status);
        Assert.Equal(new DateOnly(2026, 7, 10), Coverage.Check(policy, [new DateOnly(2026, 1, 10)], new DateOnly(2026, 7, 1)).EarliestCoveredDate);
        Assert.Equal(CoverageStatus.Unknown, Coverage.Check(null, visits, new DateOnly(2026, 7, 1)).Status);
        Assert.Equal("The insurance expired on 2026-12-31.", Coverage.Problem(policy, new DateOnly(2027, 1, 2), new DateOnly(2027, 1, 5)));
    }

    [Fact]
    public void Suggestion_WaitsForTheInsurerThenThePreferredDay()
    {
        var suggested = VisitSuggester.Suggest(new DateOnly(2026, 7, 6), "due", new DateOnly(2026, 7, 10), new VisitPreferences([DayOfWeek.Tuesday]), new DateOnly(2026, 6, 1));
        Assert.Equal(new DateOnly(2026, 7, 14), suggested.Date); // Friday 10th allowed by the insurer; the next Tuesday.
        Assert.Equal(3, suggested.Reasons.Count);
    }

    [Fact]
    public void RetentionScore_WeighsRecentCyclesMore_AndShowsHowItWasReached()
    {
        var completed = new[]
        {
            new CompletedCycle("hygiene", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 10)), // on time: 1.0, weight 0.64
            new CompletedCycle("hygiene", new DateOnly(2025, 7, 1), new DateOnly(2025, 10, 1)), // 92 days late: 0.3, weight 0.8
        };
        var open = new[] { new RecallCycle("hygiene", new DateOnly(2025, 10, 1), new DateOnly(2026, 4, 2), RecallStatus.Overdue, DateTimeOffset.MinValue) };

        var score = RetentionScore.Compute(completed, open, new DateOnly(2026, 6, 1)); // open: 60 days late so far: 0.6, weight 1

        Assert.Equal((int)Math.Round(100 * (0.6 * 1 + 0.3 * 0.8 + 1.0 * 0.64) / (1 + 0.8 + 0.64)), score.Score);
        Assert.Equal(3, score.Factors.Count);
        Assert.Contains("not back yet, 60 days past due", score.Factors[0].Explanation, StringComparison.Ordinal);
        Assert.Null(RetentionScore.Compute([], [], new DateOnly(2026, 6, 1)).Score);
    }

    [Fact]
    public void ContactDueCsv_QuotesFieldsThatNeedIt()
    {
        var report = new ContactDueReport("smile", new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 4), 1, 0, 1,
            [new DuePatient("p1", "Anna \"Ania\" Nowak, Jr", "hygiene", new DateOnly(2026, 1, 2), RecallStatus.Overdue, "+48601000001", null)]);
        Assert.Equal(
            "patientId,patientName,recallType,dueDate,status,overdue,phone,email\r\np1,\"Anna \"\"Ania\"\" Nowak, Jr\",hygiene,2026-01-02,Overdue,yes,+48601000001,\r\n",
            ReportCsv.ContactDue(report));
    }

    [Fact]
    public void ContactDueCsv_AFormulaInAName_IsTextInASpreadsheet_WhilePhoneNumbersStayNumbers()
    {
        var report = new ContactDueReport("smile", new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 4), 1, 0, 1,
            [new DuePatient("p1", "=HYPERLINK(\"http://evil\")", "hygiene", new DateOnly(2026, 1, 2), RecallStatus.Overdue, "+48601000001", "@x")]);
        Assert.EndsWith(
            "p1,\"'=HYPERLINK(\"\"http://evil\"\")\",hygiene,2026-01-02,Overdue,yes,+48601000001,'@x\r\n",
            ReportCsv.ContactDue(report), StringComparison.Ordinal);
    }
}
