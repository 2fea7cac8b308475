namespace Recall.Grains.Clinics;

/// <summary>
/// The country a time zone lies in (Europe/Warsaw: PL), to suggest a clinic's country at set-up.
/// It reads the IANA database's zone.tab, which the system's time zone files ship with (the same
/// files TimeZoneInfo reads on Linux); where it is missing the clinic names its country itself.
/// </summary>
public static class TimeZoneCountries
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Countries = new(Load);

    /// <summary>The ISO 3166 code of the zone's country, or null when the zone is unknown.</summary>
    public static string? CountryOf(string? timeZone) =>
        timeZone is not null && Countries.Value.TryGetValue(timeZone, out var country) ? country : null;

    private static Dictionary<string, string> Load()
    {
        var directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        var path = Path.Combine(directory, "zone.tab");
        var countries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return countries;
        }

        // Lines: country code, coordinates, zone name, comment; '#' starts a comment line.
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.Split('\t') is not [var country, _, var zone, ..])
            {
                continue;
            }

            countries[zone] = country;
        }

        return countries;
    }
}
