using System.Text;
using Recall.Grains.Templates;

namespace Recall.Grains.Tests;

public sealed class AppointmentCalendarTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);
    private static readonly CalendarEvent Visit = new("appt-42@smile", 0,
        new DateTimeOffset(2027, 3, 16, 9, 30, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2027, 3, 16, 10, 15, 0, TimeSpan.FromHours(1)),
        "Smile Dental: your visit", "ul. Długa 1, Kraków");

    [Fact]
    public void Publish_HasTheStableUidSequenceAndUtcTimes()
    {
        var ics = AppointmentCalendar.Publish(Visit with { Sequence = 2 }, Now);

        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("METHOD:PUBLISH\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("UID:appt-42@smile\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:20261122T091500Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20270316T083000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:ul. Długa 1\\, Kraków\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_IsMethodCancelWithTheSameUid()
    {
        var ics = AppointmentCalendar.Cancel(Visit with { Sequence = 3 }, Now);

        Assert.Contains("METHOD:CANCEL\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("UID:appt-42@smile\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void LongLines_FoldAt75OctetsWithoutSplittingACharacter()
    {
        var ics = AppointmentCalendar.Publish(Visit with { Summary = string.Concat(Enumerable.Repeat("Wizyta kontrolna żółć ", 8)) }, Now);

        foreach (var line in ics.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"'{line}' is longer than 75 octets.");
        }

        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("SUMMARY:" + string.Concat(Enumerable.Repeat("Wizyta kontrolna żółć ", 8)), unfolded, StringComparison.Ordinal);
    }
}
