using System.Net.Http.Json;

namespace Recall.Silo.Tests;

/// <summary>
/// Two silo processes on one PostgreSQL database: a staff page connected to one silo hears the
/// changes committed on the other (the live stream is not limited to the silo it is connected to).
/// </summary>
public sealed class LiveEventsAcrossSilosTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task APatientAddedThroughOneSilo_ReachesALivePageOnTheOther()
    {
        var database = TestDatabase.Create(StorageProvider.Postgres);
        await using var pageSilo = await SiloProcess.StartAsync(database, Start);
        await using var apiSilo = await SiloProcess.StartAsync(database, Start);
        (await apiSilo.Client.PostAsJsonAsync("/clinics", new { id = "live", name = "Smile Dental", timeZone = "Europe/Warsaw", languages = new[] { "pl" } }))
            .EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await pageSilo.Client.GetAsync("/clinics/live/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntilAsync(events, line => line == "event: ready", timeout.Token);

        // The practice system adds a patient through the other silo; the patient grain commits there.
        (await apiSilo.Client.PostAsJsonAsync("/clinics/live/patients", new { id = "p-live-1", firstName = "Livia", lastName = "Live" }, timeout.Token))
            .EnsureSuccessStatusCode();

        var change = await ReadUntilAsync(events, line => line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("p-live-1", StringComparison.Ordinal), timeout.Token);
        Assert.Contains("\"kind\":\"patient\"", change, StringComparison.Ordinal);
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (wanted(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException("The event stream ended before the change arrived.");
    }
}
