using Recall.Grains.Clinics;

namespace Recall.Grains.Tests;

public sealed class RecallRuleTests
{
    [Fact]
    public void DueAfter_SixMonths_IsTheSameDaySixMonthsLater() =>
        Assert.Equal(new DateOnly(2026, 11, 5), Hygiene(extraDays: 0).DueAfter(new DateOnly(2026, 5, 5)));

    [Fact]
    public void DueAfter_ExtraDay_KeepsTheVisitOutsideTheInsurersLimit() =>
        Assert.Equal(new DateOnly(2026, 11, 6), Hygiene(extraDays: 1).DueAfter(new DateOnly(2026, 5, 5)));

    [Fact]
    public void DueAfter_MonthEnd_ClampsToTheShorterMonth() =>
        Assert.Equal(new DateOnly(2027, 2, 28), Hygiene(extraDays: 0).DueAfter(new DateOnly(2026, 8, 31)));

    [Fact]
    public void DueAfter_LeapYear_UsesFebruary29() =>
        Assert.Equal(new DateOnly(2028, 2, 29), Hygiene(extraDays: 0).DueAfter(new DateOnly(2027, 8, 29)));

    [Fact]
    public void DueAfter_MonthsAndDays_AddBoth() =>
        Assert.Equal(new DateOnly(2027, 1, 15), new RecallRule("vaccine", "Vaccine", ["V1"], IntervalMonths: 12, IntervalDays: 14).DueAfter(new DateOnly(2026, 1, 1)));

    [Fact]
    public void IsCompletedBy_MatchesAnyCodeIgnoringCase()
    {
        var rule = new RecallRule("hygiene", "Hygiene", ["D1110", "D1120"], 6);

        Assert.True(rule.IsCompletedBy(["d1120", "D0120"]));
        Assert.False(rule.IsCompletedBy(["D0120"]));
    }

    private static RecallRule Hygiene(int extraDays) => new("hygiene", "Hygiene", ["D1110"], IntervalMonths: 6, ExtraDays: extraDays);
}
