using System.Globalization;
using Orleans;

namespace Recall.Grains.Hosting;

/// <summary>
/// The hours a message may go out, in a time zone: stored with the message so the outbox checks it
/// again at send time (a retry, or a backlog after downtime, must not go out at night either).
/// Written as "Europe/Warsaw 08:00-21:00".
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SendWindow(string TimeZone, TimeOnly Opens, TimeOnly Closes)
{
    public override string ToString() => $"{TimeZone} {Opens:HH\\:mm}-{Closes:HH\\:mm}";

    public static SendWindow? Parse(string? text)
    {
        var parts = text?.Split(' ', '-') ?? [];
        return parts.Length == 3
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
            && TimeOnly.TryParseExact(parts[2], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)
            ? new SendWindow(parts[0], opens, closes)
            : null;
    }

    /// <summary><paramref name="now"/> if the window is open, else when it next opens.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (time >= Opens && time < Closes)
        {
            return now;
        }

        var day = DateOnly.FromDateTime(local.DateTime).AddDays(time >= Closes ? 1 : 0);
        var opening = day.ToDateTime(Opens);
        while (zone.IsInvalidTime(opening))
        {
            opening = opening.AddMinutes(15);
        }

        return new DateTimeOffset(opening, zone.GetUtcOffset(opening));
    }
}
