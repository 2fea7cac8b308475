using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Recall.Silo.Tests;

/// <summary>
/// Nothing lost, nothing sent twice: the silo is killed with SIGKILL while reminders fire and
/// messages go out; after a restart every due reminder has fired and every patient has exactly one
/// recall message.
/// </summary>
public sealed class ProcessKillTests
{
    private const int Patients = 300;
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Silo_KilledMidRun_LosesNothingAndSendsNothingTwice()
    {
        var path = TestDatabase.Create(StorageProvider.Sqlite).SqlitePath!;
        await using (var silo = await SiloProcess.StartAsync(path, Start))
        {
            await CreateClinicWithDuePatientsAsync(silo.Client);

            // Ask for two months to pass; kill the process once some (not all) notices are out.
            var advance = silo.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 });
            await WaitForAsync(() => Count(path, "SELECT COUNT(*) FROM sandbox_messages") >= 30);
            silo.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => advance);
        }

        var sentBeforeKill = Count(path, "SELECT COUNT(*) FROM sandbox_messages");
        Assert.InRange(sentBeforeKill, 30, Patients - 1);

        await using (var restarted = await SiloProcess.StartAsync(path, Start))
        {
            (await restarted.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 })).EnsureSuccessStatusCode();
        }

        Assert.Equal(0, Count(path, "SELECT COUNT(*) FROM reminders"));
        Assert.Equal(Patients, Count(path, "SELECT COUNT(*) FROM sandbox_messages"));
        Assert.Equal(Patients, Count(path, "SELECT COUNT(DISTINCT grain_key) FROM sandbox_messages"));
        Assert.Equal(Patients, Count(path, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'"));
        Assert.Equal(Patients, Count(path, "SELECT COUNT(*) FROM recall_cycles WHERE status = 'Contacted'"));
    }

    private static async Task CreateClinicWithDuePatientsAsync(HttpClient client)
    {
        (await client.PostAsJsonAsync("/clinics", new
        {
            id = "kill",
            name = "Smile Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl" },
            recallRules = new[] { new { type = "hygiene", name = "Hygiene", serviceCodes = new[] { "D1110" }, intervalMonths = 6 } },
        })).EnsureSuccessStatusCode();

        // Last visits six months ago, spread so that due dates fall over the next 40 days.
        var csv = new StringBuilder("id,firstName,lastName,phone,lastVisitDate,lastVisitServiceCodes\n");
        for (var i = 0; i < Patients; i++)
        {
            var visit = new DateOnly(2026, 5, 23).AddDays(i % 40);
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"p{i:D4},Anna,Nowak,+4860100{i:D4},{visit:yyyy-MM-dd},D1110\n");
        }

        var import = await client.PostAsync("/clinics/kill/patients/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        import.EnsureSuccessStatusCode();
        Assert.Equal(Patients, (await import.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("imported").GetInt32());
    }

    private static long Count(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Watches the other process's database until the condition holds (it runs on its own; there is no event to await).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
