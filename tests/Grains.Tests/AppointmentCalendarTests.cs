using System.Text;
using Recall.Grains.Templates;

namespace Recall.Grains.Tests;

public sealed class AppointmentCalendarTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);
    private static readonly CalendarEvent Visit = new("appt-42@smile", 0,
        new DateTimeOffset(2027, 3, 16, 9, 30, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2027, 3, 16, 10, 15, 0, TimeSpan.FromHours(1)),
        "Europe/Warsaw", "Smile Dental: your visit", "ul. Długa 1, Kraków");

    [Fact]
    public void Request_HasTheStableUidSequenceAndTheClinicsLocalTimes()
    {
        var ics = AppointmentCalendar.Request(Visit with { Sequence = 2 }, Now);

        // Ical.Net writes properties in its own order (RFC 5545 sets none), so VERSION need not come first.
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nMETHOD:REQUEST\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nUID:appt-42@smile\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nSEQUENCE:2\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTAMP:20261122T091500Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART;TZID=Europe/Warsaw:20270316T093000\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND;TZID=Europe/Warsaw:20270316T101500\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nLOCATION:ul. Długa 1\\, Kraków\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nSTATUS:CONFIRMED\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_IsMethodCancelWithTheSameUid()
    {
        var ics = AppointmentCalendar.Cancel(Visit with { Sequence = 3 }, Now);

        Assert.Contains("\r\nMETHOD:CANCEL\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nSTATUS:CANCELLED\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nUID:appt-42@smile\r\n", ics, StringComparison.Ordinal);
    }

    [Fact]
    public void LongLines_FoldAt75OctetsWithoutSplittingACharacter()
    {
        var ics = AppointmentCalendar.Request(Visit with { Summary = string.Concat(Enumerable.Repeat("Wizyta kontrolna żółć ", 8)) }, Now);

        foreach (var line in ics.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"'{line}' is longer than 75 octets.");
        }

        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("SUMMARY:" + string.Concat(Enumerable.Repeat("Wizyta kontrolna żółć ", 8)), unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_OrganizerAttendeeAndDescription_AreWrittenWhenGiven()
    {
        var ics = AppointmentCalendar.Request(Visit with
        {
            Description = "Please come 10 minutes early; bring your card.",
            Organizer = new CalendarParty("recall@smile.example", "Smile Dental"),
            Attendee = new CalendarParty("anna@example.com"),
        }, Now).Replace("\r\n ", "", StringComparison.Ordinal);

        Assert.Contains("\r\nORGANIZER;CN=Smile Dental:mailto:recall@smile.example\r\n", ics, StringComparison.Ordinal);
        Assert.Matches(@"\r\nATTENDEE;[^\r\n]*RSVP=FALSE[^\r\n]*:mailto:anna@example\.com\r\n", ics);
        Assert.Contains("\r\nDESCRIPTION:Please come 10 minutes early\\; bring your card.\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("ORGANIZER", AppointmentCalendar.Request(Visit, Now), StringComparison.Ordinal);
    }

    /// <summary>Read back by a calendar library, the visit is at the same instants, in winter and in summer time.</summary>
    [Theory]
    [InlineData(1, "2027-03-16T08:30:00Z", "2027-03-16T09:15:00Z")]
    [InlineData(2, "2027-07-06T07:30:00Z", "2027-07-06T08:15:00Z")]
    public void ParsedWithIcalNet_HasTheVisitsUtcTimesUidSequenceAndMethod(int offsetHours, string startUtc, string endUtc)
    {
        var day = offsetHours == 1 ? new DateTime(2027, 3, 16) : new DateTime(2027, 7, 6);
        var visit = Visit with
        {
            Sequence = 4,
            Start = new DateTimeOffset(day.AddHours(9.5), TimeSpan.FromHours(offsetHours)),
            End = new DateTimeOffset(day.AddHours(10.25), TimeSpan.FromHours(offsetHours)),
        };

        foreach (var (ics, method) in new[] { (AppointmentCalendar.Request(visit, Now), "REQUEST"), (AppointmentCalendar.Cancel(visit, Now), "CANCEL") })
        {
            var calendar = Ical.Net.Calendar.Load(ics)!;
            var parsed = Assert.Single(calendar.Events);

            Assert.Equal(method, calendar.Method);
            Assert.Equal(("appt-42@smile", 4), (parsed.Uid, parsed.Sequence));
            Assert.Equal(DateTimeOffset.Parse(startUtc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, parsed.DtStart!.AsUtc);
            Assert.Equal(DateTimeOffset.Parse(endUtc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, parsed.DtEnd!.AsUtc);
            Assert.Equal("Europe/Warsaw", parsed.DtStart.TzId);
            Assert.Equal(Now.UtcDateTime, parsed.DtStamp!.AsUtc);
        }
    }
}
