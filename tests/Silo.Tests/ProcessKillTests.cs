using System.Net.Http.Json;
using Xunit.Abstractions;
using System.Text;

namespace Recall.Silo.Tests;

/// <summary>
/// Nothing lost, nothing sent twice: a silo is killed with SIGKILL while reminders fire and messages
/// go out. After a restart (SQLite), or with the other silo carrying on (PostgreSQL), every due
/// reminder has fired and every patient has exactly one recall message. They run alone
/// (<see cref="RunsAlone"/>): the takeover is timed, and on a machine of two cores the other
/// test classes' silos would make the survivor's failure detector wait longer for the CPU.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class ProcessKillTests(ITestOutputHelper output)
{
    private const int Patients = 300;
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Silo_KilledMidRun_LosesNothingAndSendsNothingTwice()
    {
        var database = TestDatabase.Create(StorageProvider.Sqlite);
        await using (var silo = await SiloProcess.StartAsync(database, Start))
        {
            await CreateClinicWithDuePatientsAsync(silo.Client);

            // Ask for two months to pass; kill the process once some (not all) notices are out.
            var advance = silo.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 });
            await WaitForAsync(() => database.Scalar("SELECT COUNT(*) FROM sandbox_messages") >= 30);
            silo.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => advance);
        }

        var sentBeforeKill = database.Scalar("SELECT COUNT(*) FROM sandbox_messages");
        Assert.InRange(sentBeforeKill, 30, Patients - 1);

        await using (var restarted = await SiloProcess.StartAsync(database, Start))
        {
            (await restarted.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 })).EnsureSuccessStatusCode();
            await AllSendsRecordedAsync(database);
        }

        AssertEveryPatientNoticedOnce(database, Start.AddDays(60));
    }

    [Theory]
    [InlineData(true, 10)] // The product's membership options (src/Silo/Cluster/ClusterExtensions.cs): the aim is 10 s.
    [InlineData(false, 40)] // Orleans' defaults, for comparison: the run says how long they take.
    public async Task ThreeSilosOnPostgres_OneKilledUnderLoad_TheOthersFinishItsWork_NothingLostNorSentTwice(bool productMembership, int seconds)
    {
        var database = TestDatabase.Create(StorageProvider.Postgres, maxPoolSize: 12);
        // A 3 s lease (6 s by default): the time leaves room for a test machine busy with other suites,
        // and still fails a takeover that waits for anything but the lease and the failure detector.
        var settings = new Dictionary<string, string> { ["Storage__Postgres__ClaimLease"] = "00:00:03", ["Storage__Postgres__RenewEvery"] = "00:00:01" };
        if (!productMembership)
        {
            settings["Orleans__Membership__ProbeTimeout"] = "00:00:05";
            settings["Orleans__Membership__MaxProbeTimeout"] = "00:00:20";
            settings["Orleans__Membership__NumMissedProbesLimit"] = "3";
        }

        await using var survivor = await SiloProcess.StartAsync(database, Start, settings);
        await using var other = await SiloProcess.StartAsync(database, Start, settings);
        var target = Start.AddDays(60);
        await using (var victim = await SiloProcess.StartAsync(database, Start, settings))
        {
            await CreateClinicWithDuePatientsAsync(victim.Client);

            // The three silos work through two months (the others follow the shared clock); kill one halfway.
            var advance = victim.Client.PostAsJsonAsync("/admin/clock/advance", new { to = target });
            await WaitForAsync(() => database.Scalar("SELECT COUNT(*) FROM sandbox_messages") >= 30);
            victim.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => advance);
        }

        var killed = System.Diagnostics.Stopwatch.StartNew();
        Assert.InRange(database.Scalar("SELECT COUNT(*) FROM sandbox_messages"), 30, Patients - 1);
        var rest = survivor.Client.PostAsJsonAsync("/admin/clock/advance", new { to = target });
        // The killed silo's claims are notices in flight: the measure is every patient's notice out, while the survivors work on.
        await WaitForAsync(() => database.Scalar("SELECT COUNT(DISTINCT grain_key) FROM sandbox_messages") == Patients, TimeSpan.FromSeconds(60));
        output.WriteLine($"Membership options {(productMembership ? "of the product" : "of Orleans (defaults)")}: the survivors finished the killed silo's work {killed.Elapsed.TotalSeconds:F1} s after the kill.");
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(seconds), $"The survivors took {killed.Elapsed} to finish the killed silo's work.");

        // Then the rest of the two months (the workflow's follow-up reminders) runs out too.
        (await rest).EnsureSuccessStatusCode();
        await WaitForAsync(() => database.Scalar($"SELECT COUNT(*) FROM reminders WHERE due_at <= {target.ToUnixTimeMilliseconds()}") == 0);
        await AllSendsRecordedAsync(database);
        AssertEveryPatientNoticedOnce(database, target);
    }

    [Fact]
    public async Task Silo_KilledWhileTwilioSendsAreInFlight_NoPatientIsTextedTwice()
    {
        await using var twilio = await TestGrains.FakeTwilio.StartAsync();
        twilio.DefaultDelay = TimeSpan.FromSeconds(3); // Slow answers: sends are in flight when the silo dies.
        var database = TestDatabase.Create(StorageProvider.Sqlite);
        var settings = new Dictionary<string, string>
        {
            ["Twilio__AccountSid"] = "AC123",
            ["Twilio__AuthToken"] = "token-456",
            ["Twilio__From"] = "+48222000000",
            ["Twilio__BaseUrl"] = twilio.BaseUrl.ToString(),
            ["Twilio__PublicBaseUrl"] = "https://recall.example.com/",
        };
        await using (var silo = await SiloProcess.StartAsync(database, Start, settings))
        {
            await CreateClinicWithDuePatientsAsync(silo.Client);
            var advance = silo.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 });
            await WaitForAsync(() => twilio.Requests.Count >= 5);
            silo.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => advance);
        }

        twilio.DefaultDelay = TimeSpan.Zero;
        await using (var restarted = await SiloProcess.StartAsync(database, Start, settings))
        {
            (await restarted.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 })).EnsureSuccessStatusCode();
        }

        var perNumber = twilio.Requests.GroupBy(r => r.Form["To"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Patients, perNumber.Count);
        Assert.All(perNumber, number => Assert.Equal(1, number.Value));
        // Sends in flight when the silo died are uncertain: still, or settled by asking Twilio (sent as it has them, or
        // sent once more when it never got them); never resent blindly.
        var inFlight = database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'uncertain' OR checked_at IS NOT NULL");
        Assert.True(inFlight > 0, "Some sends were in flight when the silo died; they must be uncertain, not resent blindly.");
        Assert.Equal(Patients, database.Scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('sent', 'uncertain')"));
    }

    /// <summary>Every reminder due by <paramref name="now"/> fired (later ones, such as the overdue alerts, wait); each patient got one notice.</summary>
    private static void AssertEveryPatientNoticedOnce(TestDatabase database, DateTimeOffset now)
    {
        // One comparison of every count, so a failure shows the whole picture.
        string Counts(long due, long messages, long patients, long sent, long contacted) =>
            $"{due} reminders still due, {messages} messages to {patients} patients, {sent} recorded as sent, {contacted} patients contacted";
        Assert.Equal(
            Counts(0, Patients, Patients, Patients, Patients),
            Counts(
                database.Scalar($"SELECT COUNT(*) FROM reminders WHERE due_at <= {now.ToUnixTimeMilliseconds()}"),
                database.Scalar("SELECT COUNT(*) FROM sandbox_messages"),
                database.Scalar("SELECT COUNT(DISTINCT grain_key) FROM sandbox_messages"),
                database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"),
                database.Scalar("SELECT COUNT(*) FROM recall_cycles WHERE status = 'Contacted'")));
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
            // The workflow's follow-ups fall after the two months: the work is the notices, the same as before the workflow existed.
            workflow = new { noResponseDays = 90, overdueAlertDays = 90 },
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

    /// <summary>A send's outcome is recorded by a turn of its patient after the send: the last ones may still be on their way.</summary>
    private static Task AllSendsRecordedAsync(TestDatabase database) =>
        WaitForAsync(() => database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0);

    /// <summary>Watches the other process's database until the condition holds (it runs on its own; there is no event to await).</summary>
    private static Task WaitForAsync(Func<bool> condition, TimeSpan? within = null) => TestGrains.Eventually.TrueAsync(condition, within);
}
