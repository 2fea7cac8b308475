using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests;

public sealed class ClinicsApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task CreateClinic_AsAdmin_Returns201WithLocation()
    {
        using var admin = factory.Admin();

        var response = await admin.PostAsJsonAsync("/clinics", new { id = "create-201", name = "Vet Stockholm", timeZone = "Europe/Stockholm", languages = new[] { "sv" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/clinics/create-201", response.Headers.Location?.OriginalString);
        var clinic = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Europe/Stockholm", clinic.GetProperty("settings").GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task CreateClinic_Twice_Is409()
    {
        using var admin = factory.Admin();
        var body = new { id = "twice", name = "Smile", timeZone = "Europe/Warsaw", languages = new[] { "pl" } };
        await admin.PostAsJsonAsync("/clinics", body);

        var again = await admin.PostAsJsonAsync("/clinics", body);

        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateClinic_Invalid_400NamesEachFieldAndCreatesNothing()
    {
        using var admin = factory.Admin();

        var response = await admin.PostAsJsonAsync("/clinics", new
        {
            id = "bad-clinic",
            name = "",
            timeZone = "Mars/Olympus",
            languages = new[] { "polish" },
            recallRules = new[] { new { type = "hygiene", name = "H", serviceCodes = Array.Empty<string>(), intervalMonths = 0 } },
        });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["languages", "name", "recallRules[0].intervalMonths", "recallRules[0].serviceCodes", "timeZone"], problem.Fields());
        await (await admin.GetAsync("/clinics/bad-clinic")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateClinic_BadSmsSenderAndSendingRules_400NamesThem()
    {
        using var admin = factory.Admin();

        var response = await admin.PostAsJsonAsync("/clinics", new
        {
            id = "bad-sender", name = "X", timeZone = "Europe/Warsaw", languages = new[] { "pl" }, smsSender = "SMILE",
            sending = new { windowOpens = "21:00", windowCloses = "08:00", maxPerDay = 0, maxPerWeek = 1 },
        });

        Assert.Equal(["sending.maxPerDay", "sending.windowOpens", "smsSender"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Fact]
    public async Task CreateClinic_BadId_400NamesId()
    {
        using var admin = factory.Admin();

        var response = await admin.PostAsJsonAsync("/clinics", new { id = "Bad Id!", name = "X", timeZone = "Europe/Warsaw", languages = new[] { "pl" } });

        Assert.Equal(["id"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Fact]
    public async Task CreateClinic_WithAClinicKey_Is403()
    {
        var (_, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsJsonAsync("/clinics", new { id = "sneaky", name = "X", timeZone = "Europe/Warsaw", languages = new[] { "pl" } });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Request_WithoutKey_Is401WithChallenge()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        using var anonymous = factory.CreateClient();

        var response = await anonymous.GetAsync($"/clinics/{clinicId}/patients");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("rk_000000000000_wrong")]
    [InlineData("not-a-key")]
    public async Task Request_WithWrongKey_Is401(string key)
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        using var client = factory.WithKey(key);

        await (await client.GetAsync($"/clinics/{clinicId}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_Revoked_StopsWorkingAtOnce()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        using var admin = factory.Admin();
        var keys = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/api-keys");
        var keyId = keys[0].GetProperty("keyId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/clinics/{clinicId}")).StatusCode);

        (await admin.DeleteAsync($"/clinics/{clinicId}/api-keys/{keyId}")).EnsureSuccessStatusCode();

        await (await client.GetAsync($"/clinics/{clinicId}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKeys_ListedWithoutSecrets()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        using var admin = factory.Admin();

        var text = await admin.GetStringAsync($"/clinics/{clinicId}/api-keys");

        Assert.DoesNotContain("rk_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/patients")]
    [InlineData("/patients/p1")]
    [InlineData("/patients/p1/recalls")]
    [InlineData("/counts")]
    [InlineData("/outbox")]
    public async Task ClinicKey_OtherClinicsData_Is404(string path)
    {
        var (other, otherClient) = await factory.CreateClinicAsync();
        (await otherClient.PostAsJsonAsync($"/clinics/{other}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak" })).EnsureSuccessStatusCode();
        var (_, mine) = await factory.CreateClinicAsync();

        var response = await mine.GetAsync($"/clinics/{other}{path}");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClinicKey_OtherClinic_CannotWrite()
    {
        var (other, _) = await factory.CreateClinicAsync();
        var (_, mine) = await factory.CreateClinicAsync();

        var response = await mine.PostAsJsonAsync($"/clinics/{other}/patients", new { id = "intruder", firstName = "A", lastName = "B" });

        await response.ProblemAsync(HttpStatusCode.NotFound);
        using var admin = factory.Admin();
        await (await admin.GetAsync($"/clinics/{other}/patients/intruder")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_UnknownClinic_Is404()
    {
        using var admin = factory.Admin();

        await (await admin.GetAsync("/clinics/nowhere")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/clinics/nowhere/counts")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/clinics/nowhere/patients")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RecallRules_Changed_RecomputeEveryPatient()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/visits", new { date = "2026-11-02", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();

        var response = await client.PutAsJsonAsync($"/clinics/{clinicId}/recall-rules", new[]
        {
            new { type = "hygiene", name = "Hygiene recall", serviceCodes = new[] { "D1110" }, intervalMonths = 3, extraDays = 0 },
        });

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("patientsRefreshed").GetInt32());
        var recalls = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/recalls");
        Assert.Equal("2027-02-02", recalls.GetProperty("cycles")[0].GetProperty("dueDate").GetString());
    }

    [Fact]
    public async Task Health_And_OpenApi_AreServed()
    {
        using var anonymous = factory.CreateClient();

        var health = await anonymous.GetFromJsonAsync<JsonElement>("/healthz");
        var openApi = await anonymous.GetStringAsync("/openapi/v1.json");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Contains("/clinics/{clinicId}/patients/{patientId}/visits", openApi, StringComparison.Ordinal);
    }
}

/// <summary>API keys in a two-silo cluster on PostgreSQL: whichever silo a request reaches.</summary>
public sealed class ClusterApiKeyTests
{
    [Fact]
    public async Task ApiKey_RevokedOnOneSilo_IsRefusedAtOnceOnTheOther()
    {
        await using var first = new PostgresApiFactory();
        var (clinicId, token) = await first.CreateClinicWithKeyAsync();
        await using var second = PostgresApiFactory.BesideOf(first);
        using var viaSecond = second.WithKey(token);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync($"/clinics/{clinicId}")).StatusCode);
        using var admin = first.Admin();
        var keyId = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/api-keys"))[0].GetProperty("keyId").GetString();

        (await admin.DeleteAsync($"/clinics/{clinicId}/api-keys/{keyId}")).EnsureSuccessStatusCode();

        await (await viaSecond.GetAsync($"/clinics/{clinicId}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
