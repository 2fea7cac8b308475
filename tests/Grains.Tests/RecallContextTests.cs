using Recall.Grains.Clinics;

namespace Recall.Grains.Tests;

/// <summary>Dates at the clinic: "today" and the start of a day follow the clinic's time zone, daylight saving included.</summary>
public sealed class RecallContextTests
{
    private static readonly RecallContext Warsaw = new("Smile", "Europe/Warsaw", ["pl"], []);
    private static readonly RecallContext LosAngeles = new("Smile", "America/Los_Angeles", ["en"], []);

    [Fact]
    public void Today_LateEveningUtc_IsTomorrowInWarsaw() =>
        Assert.Equal(new DateOnly(2026, 11, 23), Warsaw.Today(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void Today_EarlyMorningUtc_IsYesterdayInLosAngeles() =>
        Assert.Equal(new DateOnly(2026, 11, 21), LosAngeles.Today(new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void StartOf_Winter_IsMidnightCet() =>
        Assert.Equal(new DateTimeOffset(2026, 1, 4, 23, 0, 0, TimeSpan.Zero), Warsaw.StartOf(new DateOnly(2026, 1, 5)).ToUniversalTime());

    [Fact]
    public void StartOf_Summer_IsMidnightCest() =>
        Assert.Equal(new DateTimeOffset(2026, 7, 5, 22, 0, 0, TimeSpan.Zero), Warsaw.StartOf(new DateOnly(2026, 7, 6)).ToUniversalTime());

    [Fact]
    public void At_DaylightSavingDay_UsesTheOffsetOfThatTime()
    {
        // Clocks go forward at 02:00 on 29 March 2026 in Warsaw: 09:00 that day is CEST (+02:00).
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), Warsaw.At(new DateOnly(2026, 3, 29), new TimeOnly(9, 0)).ToUniversalTime());
    }

    [Fact]
    public void StartOf_MidnightSkippedByDaylightSaving_IsTheFirstValidTime()
    {
        // Santiago de Chile moves clocks from 00:00 to 01:00 on 6 September 2026: that day starts at 01:00.
        var santiago = new RecallContext("Sonrisa", "America/Santiago", ["es"], []);

        var start = santiago.StartOf(new DateOnly(2026, 9, 6));

        Assert.Equal(new DateOnly(2026, 9, 6), santiago.Today(start));
        Assert.Equal(new DateOnly(2026, 9, 5), santiago.Today(start.AddMinutes(-1)));
    }
}
