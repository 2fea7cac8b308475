using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Recall.Api.Live;
using Recall.Silo.Live;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Passes live page updates between silos over the database's NOTIFY channel, after the commit and
/// coalesced (<see cref="PostgresNotifier"/>): changes queue here and go in as few notifications as
/// fit, and a burst of changes to one clinic's patients collapses to one "patients changed" event
/// (a page refetches on any event anyway).
/// </summary>
/// <remarks>
/// Payload: <c>e:{origin}</c>, then a line per change: clinic, kind, id (<c>-</c> for none) and the
/// commit time in Unix ms, separated by spaces, ids escaped. A silo ignores its own notifications:
/// its pages heard those changes at commit.
/// </remarks>
internal sealed class PostgresClinicEventRelay : PostgresNotifier, IClinicEventRelay
{
    /// <summary>PostgreSQL refuses payloads of 8,000 bytes or more.</summary>
    private const int MaxPayloadBytes = 7_000;

    /// <summary>More changes than this to one clinic's patients in one pass become one event without an id.</summary>
    private const int CollapseAbove = 50;

    private const char Kind = 'e';

    /// <summary>
    /// At most ten notifications a second: a page shows a change within a tenth of a second, and a
    /// busy silo (a visit recorded every millisecond) sends one notification, not one per visit.
    /// </summary>
    protected override TimeSpan Gap => TimeSpan.FromMilliseconds(100);

    private readonly SiloLog log;
    private readonly ConcurrentDictionary<(string ClinicId, string Kind, string? Id), long> pending = new();
    private readonly string origin;

    public PostgresClinicEventRelay(PostgresDatabase database, SiloLog log)
        : base(database.ControlDataSource, database.Channel)
    {
        this.log = log;
        origin = database.SiloId;
        Start();
    }

    public void Send(string clinicId, ClinicEvent change)
    {
        pending[(clinicId, change.Kind, change.Id)] = change.At.ToUnixTimeMilliseconds();
        Signal();
    }

    /// <summary>True for a notification this relay understands (live updates, not work wake-ups).</summary>
    public static bool IsLiveEvents(string payload) => payload.Length > 2 && payload[0] == Kind && payload[1] == ':';

    /// <summary>The changes in another silo's notification; none for this silo's own or for a payload it cannot read.</summary>
    public IReadOnlyList<(string ClinicId, ClinicEvent Change)> Read(string payload)
    {
        var lines = payload.Split('\n');
        if (lines[0] == $"{Kind}:{origin}")
        {
            return [];
        }

        var changes = new List<(string, ClinicEvent)>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ');
            if (parts.Length == 4 && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                var id = parts[2] == "-" ? null : Uri.UnescapeDataString(parts[2]);
                changes.Add((Uri.UnescapeDataString(parts[0]), new ClinicEvent(parts[1], id, DateTimeOffset.FromUnixTimeMilliseconds(ms))));
            }
        }

        return changes;
    }

    protected override IReadOnlyList<string> TakePayloads() => Payloads(Drain());

    // Pages on the other silos catch up at their next event or reload.
    protected override void OnFailed(Exception exception) => log.LiveEventsNotRelayed(exception);

    /// <summary>Takes every queued change, collapsing a burst to one clinic's patients into one event without an id.</summary>
    private List<string> Drain()
    {
        var taken = new List<((string ClinicId, string Kind, string? Id) Key, long At)>();
        foreach (var key in pending.Keys)
        {
            if (pending.TryRemove(key, out var at))
            {
                taken.Add((key, at));
            }
        }

        return [.. taken
            .GroupBy(change => (change.Key.ClinicId, change.Key.Kind))
            .SelectMany(group => group.Count() > CollapseAbove
                ? [Line(group.Key.ClinicId, group.Key.Kind, null, group.Max(change => change.At))]
                : group.Select(change => Line(change.Key.ClinicId, change.Key.Kind, change.Key.Id, change.At)))];
    }

    private List<string> Payloads(List<string> lines)
    {
        var payloads = new List<string>();
        var header = $"{Kind}:{origin}";
        var current = new StringBuilder(header);
        foreach (var line in lines)
        {
            if (current.Length + 1 + line.Length > MaxPayloadBytes)
            {
                payloads.Add(current.ToString());
                current.Clear().Append(header);
            }

            current.Append('\n').Append(line);
        }

        if (current.Length > header.Length)
        {
            payloads.Add(current.ToString());
        }

        return payloads;
    }

    // Escaped ids are ASCII, so characters count bytes here.
    private static string Line(string clinicId, string kind, string? id, long at) =>
        string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(clinicId)} {kind} {(id is null ? "-" : Uri.EscapeDataString(id))} {at}");
}
