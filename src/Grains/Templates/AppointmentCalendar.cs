using System.Globalization;
using System.Text;

namespace Recall.Grains.Templates;

/// <summary>An appointment as a calendar entry: the same <see cref="Uid"/> for its whole life; <see cref="Sequence"/> goes up on each reschedule.</summary>
public sealed record CalendarEvent(string Uid, int Sequence, DateTimeOffset Start, DateTimeOffset End, string Summary, string? Location);

/// <summary>
/// iCalendar (RFC 5545) for an appointment email: METHOD:PUBLISH to add or move it (a higher
/// SEQUENCE replaces the earlier one), METHOD:CANCEL to remove it. Times in UTC, DTSTAMP now,
/// text escaped, lines folded at 75 octets, CRLF line ends. The summary names the clinic, not the
/// treatment (privacy).
/// </summary>
public static class AppointmentCalendar
{
    public static string Publish(CalendarEvent appointment, DateTimeOffset now) => Build("PUBLISH", "CONFIRMED", appointment, now);

    public static string Cancel(CalendarEvent appointment, DateTimeOffset now) => Build("CANCEL", "CANCELLED", appointment, now);

    private static string Build(string method, string status, CalendarEvent appointment, DateTimeOffset now)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Recall orchestrator//EN",
            $"METHOD:{method}",
            "BEGIN:VEVENT",
            $"UID:{Escape(appointment.Uid)}",
            $"SEQUENCE:{appointment.Sequence.ToString(CultureInfo.InvariantCulture)}",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(appointment.Start)}",
            $"DTEND:{Utc(appointment.End)}",
            $"SUMMARY:{Escape(appointment.Summary)}",
        };
        if (appointment.Location is { } location)
        {
            lines.Add($"LOCATION:{Escape(location)}");
        }

        lines.AddRange([$"STATUS:{status}", "END:VEVENT", "END:VCALENDAR"]);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, text);
        }

        return text.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Lines longer than 75 octets continue on the next line after a CRLF and a space, never splitting a UTF-8 character.</summary>
    private static void Fold(string line, StringBuilder text)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                text.Append("\r\n ");
                octets = 1;
            }

            text.Append(rune.ToString());
            octets += size;
        }

        text.Append("\r\n");
    }
}
