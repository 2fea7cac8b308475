using Recall.Grains.Clinics;
using Recall.Grains.Patients;

namespace Recall.Grains.Tests;

/// <summary>Quiet hours and frequency caps, in the clinic's local time (Warsaw: UTC+1 in winter, UTC+2 in summer).</summary>
public sealed class SendScheduleTests
{
    private static readonly RecallContext Warsaw = new("Smile", "Europe/Warsaw", ["pl"], []);

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) =>
        Warsaw.At(new DateOnly(2026, month, day), new TimeOnly(hour, minute));

    [Fact]
    public void Next_InsideTheWindow_IsNow() =>
        Assert.Equal(Local(11, 23, 10, 15), SendSchedule.Next(Local(11, 23, 10, 15), Warsaw, []));

    [Fact]
    public void Next_ComputedAt22_GoesOutAt8TheNextMorning() =>
        Assert.Equal(Local(11, 24, 8), SendSchedule.Next(Local(11, 23, 22), Warsaw, []));

    [Fact]
    public void Next_BeforeTheWindowOpens_WaitsForIt() =>
        Assert.Equal(Local(11, 23, 8), SendSchedule.Next(Local(11, 23, 3, 30), Warsaw, []));

    [Fact]
    public void Next_AtClosingTime_IsTomorrow() =>
        Assert.Equal(Local(11, 24, 8), SendSchedule.Next(Local(11, 23, 21), Warsaw, []));

    [Fact]
    public void Next_OneAlreadyToday_WaitsForTomorrow() =>
        Assert.Equal(Local(11, 24, 8), SendSchedule.Next(Local(11, 23, 12), Warsaw, [Local(11, 23, 9)]));

    [Fact]
    public void Next_ThreeThisWeek_WaitsUntilTheOldestLeavesTheWeek()
    {
        DateTimeOffset[] week = [Local(11, 18, 10), Local(11, 20, 10), Local(11, 22, 10)];

        Assert.Equal(Local(11, 25, 10), SendSchedule.Next(Local(11, 23, 12), Warsaw, week));
    }

    [Fact]
    public void Next_DaylightSavingMorning_OpensAt8LocalTime() =>
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 6, 0, 0, TimeSpan.Zero), SendSchedule.Next(Local(3, 28, 23), Warsaw, []));

    [Fact]
    public void Next_ClinicRules_AreUsed()
    {
        var custom = Warsaw with { Sending = new SendingRules(new TimeOnly(9, 30), new TimeOnly(17, 0), 2, 5) };

        Assert.Equal(Local(11, 23, 9, 30), SendSchedule.Next(Local(11, 23, 7), custom, []));
        Assert.Equal(Local(11, 23, 12), SendSchedule.Next(Local(11, 23, 12), custom, [Local(11, 23, 9, 30)]));
    }
}
