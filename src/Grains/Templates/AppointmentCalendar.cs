using Ical.Net;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace Recall.Grains.Templates;

/// <summary>
/// An appointment as a calendar entry: the same <see cref="Uid"/> for its whole life; <see cref="Sequence"/>
/// goes up on each reschedule. <see cref="TimeZone"/> is the clinic's IANA zone, the one the times are shown in.
/// </summary>
public sealed record CalendarEvent(
    string Uid,
    int Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    string TimeZone,
    string Summary,
    string? Location,
    string? Description = null,
    CalendarParty? Organizer = null,
    CalendarParty? Attendee = null);

/// <summary>Someone on an appointment, by email address.</summary>
public sealed record CalendarParty(string Email, string? Name = null);

/// <summary>
/// iCalendar (RFC 5545, with the iTIP methods of RFC 5546) for an appointment email, written by
/// Ical.Net: METHOD:REQUEST to add or move it (a higher SEQUENCE replaces the earlier one),
/// METHOD:CANCEL to remove it. Start and end are local times in the clinic's zone with its VTIMEZONE,
/// so a calendar shows the visit at the clinic's wall-clock time even across a daylight-saving change
/// (Outlook, Google and Apple Calendar all resolve TZID through the VTIMEZONE); DTSTAMP is in UTC.
/// The summary names the clinic, not the treatment (privacy).
/// </summary>
public static class AppointmentCalendar
{
    public static string Request(CalendarEvent appointment, DateTimeOffset now) => Write("REQUEST", "CONFIRMED", appointment, now);

    public static string Cancel(CalendarEvent appointment, DateTimeOffset now) => Write("CANCEL", "CANCELLED", appointment, now);

    private static string Write(string method, string status, CalendarEvent appointment, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(appointment.TimeZone);
        var start = TimeZoneInfo.ConvertTime(appointment.Start, zone).DateTime;
        var end = TimeZoneInfo.ConvertTime(appointment.End, zone).DateTime;
        var calendar = new Calendar { ProductId = "-//Recall orchestrator//EN", Method = method };
        // The zone's rules from a little before the visit: enough for any client, without decades of history.
        calendar.AddTimeZone(appointment.TimeZone, start.AddYears(-1), includeHistoricalData: false);
        var visit = new IcalEvent
        {
            Uid = appointment.Uid,
            Sequence = appointment.Sequence,
            DtStamp = new CalDateTime(now.UtcDateTime, hasTime: true),
            DtStart = new CalDateTime(start, appointment.TimeZone, hasTime: true),
            DtEnd = new CalDateTime(end, appointment.TimeZone, hasTime: true),
            Summary = appointment.Summary,
            Location = appointment.Location,
            Description = appointment.Description,
            Status = status,
        };
        if (appointment.Organizer is { } organizer)
        {
            visit.Organizer = new Organizer($"mailto:{organizer.Email}") { CommonName = organizer.Name };
        }

        if (appointment.Attendee is { } attendee)
        {
            // The patient is told, not asked: no reply is expected (RSVP=FALSE); the clinic keeps the booking.
            visit.Attendees.Add(new Attendee($"mailto:{attendee.Email}") { CommonName = attendee.Name, Role = "REQ-PARTICIPANT", Rsvp = false });
        }

        calendar.Events.Add(visit);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
