using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests;

/// <summary>The patients list's insurance and recall-required filters, on both databases (the SQL is shared, the date and boolean columns are not).</summary>
public abstract class PatientFilterApiTests(RecallApiFactory factory)
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public async Task ListPatients_ByInsurance_ValidThroughTodayExpiredBeforeOrMissing()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        foreach (var (id, validTo) in new (string, DateOnly?)[] { ("to-today", Today), ("next-year", Today.AddYears(1)), ("yesterday", Today.AddDays(-1)), ("none", null) })
        {
            await PatientsApiTests.CreatePatientAsync(client, clinicId, id);
            if (validTo is { } to)
            {
                (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/{id}/insurance", new
                {
                    insurer = "PZU", plan = "Plus", memberId = "M-" + id, validFrom = "2026-01-01", validTo = to,
                })).EnsureSuccessStatusCode();
            }
        }

        Assert.Equal(["next-year", "to-today"], await IdsAsync(client, clinicId, "insurance=valid"));
        Assert.Equal(["yesterday"], await IdsAsync(client, clinicId, "insurance=expired"));
        Assert.Equal(["none"], await IdsAsync(client, clinicId, "insurance=Missing"));
        var item = (await ItemsAsync(client, clinicId, "insurance=expired")).Single();
        Assert.Equal(("2026-11-21", "expired"), (item.GetProperty("insuranceValidTo").GetString(), item.GetProperty("insurance").GetString()));
    }

    [Fact]
    public async Task ListPatients_ByRecallRequired_FlagsPatientsInOutreach()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await PatientsApiTests.CreatePatientAsync(client, clinicId, "overdue");
        await PatientsApiTests.CreatePatientAsync(client, clinicId, "later");
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/overdue/recalls/hygiene/due-date", new { dueDate = Today.AddDays(-3) })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/later/recalls/hygiene/due-date", new { dueDate = Today.AddDays(60) })).EnsureSuccessStatusCode();

        // The outreach starts on the due reminder: a minute on the manual clock runs it (the call returns once due work is done).
        using (var admin = factory.Admin())
        {
            (await admin.PostAsJsonAsync("/admin/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
        }

        Assert.Equal(["overdue"], await IdsAsync(client, clinicId, "recallRequired=true"));
        Assert.Equal(["later"], await IdsAsync(client, clinicId, "recallRequired=FALSE"));
        Assert.True((await ItemsAsync(client, clinicId, "recallRequired=true")).Single().GetProperty("recallRequired").GetBoolean());
    }

    [Fact]
    public async Task ListPatients_BadFilterValues_400NamesEach()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.GetAsync($"/clinics/{clinicId}/patients?insurance=lapsed&recallRequired=maybe&hardToReach=1&awaitingReply=yes");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["awaitingReply", "hardToReach", "insurance", "recallRequired"], problem.Fields().Order(StringComparer.Ordinal));
        Assert.Contains("valid, expired, missing", problem.GetProperty("errors").GetProperty("insurance")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> ItemsAsync(HttpClient client, string clinicId, string query) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients?{query}")).GetProperty("items").EnumerateArray()];

    private static async Task<string[]> IdsAsync(HttpClient client, string clinicId, string query) =>
        [.. (await ItemsAsync(client, clinicId, query)).Select(p => p.GetProperty("patientId").GetString()!).Order(StringComparer.Ordinal)];
}

public sealed class SqlitePatientFilterApiTests(RecallApiFactory factory) : PatientFilterApiTests(factory), IClassFixture<RecallApiFactory>;

public sealed class PostgresPatientFilterApiTests(PostgresApiFactory factory) : PatientFilterApiTests(factory), IClassFixture<PostgresApiFactory>;
