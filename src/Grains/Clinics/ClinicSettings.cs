namespace Recall.Grains.Clinics;

/// <summary>A clinic's general settings. <see cref="TimeZone"/> is an IANA id such as Europe/Warsaw.</summary>
public sealed record ClinicSettings(
    string Name,
    string TimeZone,
    IReadOnlyList<string> Languages,
    IReadOnlyList<OpeningHours> OpeningHours);

/// <summary>The hours the clinic is open on one day of the week, in the clinic's local time.</summary>
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>What a patient grain needs from its clinic to compute recall cycles.</summary>
public sealed record RecallContext(string ClinicName, string TimeZone, IReadOnlyList<string> Languages, IReadOnlyList<RecallRule> Rules)
{
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The calendar date at the clinic at instant <paramref name="now"/>.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The instant a local calendar date begins at the clinic (the first valid local time on a DST gap).</summary>
    public DateTimeOffset StartOf(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>
    /// A local date and time at the clinic as an instant, with the offset in force at that time
    /// (not the day's start: on the day clocks change they differ). A time skipped by a
    /// daylight-saving gap moves to the first valid time after it.
    /// </summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
