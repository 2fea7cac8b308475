using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Recall.Api.Tests;

public sealed class PatientsApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task CreatePatient_Valid_Returns201WithLocation()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new
        {
            id = "p-1",
            firstName = "Anna",
            lastName = "Nowak",
            dateOfBirth = "1980-04-02",
            phone = "+48601000001",
            email = "anna@example.com",
            preferredChannel = "email",
            language = "pl",
            responsibleParty = new { id = "family-7", name = "Jan Nowak", phone = "+48601000002", relationship = "parent" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/clinics/{clinicId}/patients/p-1", response.Headers.Location?.OriginalString);
        var patient = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("email", patient.GetProperty("profile").GetProperty("preferredChannel").GetString());
        Assert.Equal("family-7", patient.GetProperty("profile").GetProperty("responsibleParty").GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreatePatient_Invalid_400NamesEachFieldAndCreatesNothing()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new
        {
            id = "p-bad", firstName = "", lastName = "Nowak", phone = "601 000", email = "anna@", language = "fr",
        });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["email", "firstName", "language", "phone"], problem.Fields());
        await (await client.GetAsync($"/clinics/{clinicId}/patients/p-bad")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreatePatient_MalformedValue_400NamesTheField()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsync($"/clinics/{clinicId}/patients",
            new StringContent("""{"id":"p1","firstName":"Anna","lastName":"Nowak","dateOfBirth":"02.04.1980"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(["dateOfBirth"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Fact]
    public async Task CreatePatient_NotJson_400()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsync($"/clinics/{clinicId}/patients", new StringContent("{ not json", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreatePatient_Exists_409()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var again = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak" });

        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Patient_Unknown_404ForReadsAndWrites()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        await (await client.GetAsync($"/clinics/{clinicId}/patients/ghost")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/clinics/{clinicId}/patients/ghost/recalls")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/ghost", new { firstName = "A", lastName = "B" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/ghost/visits", new { date = "2026-11-01", serviceCodes = new[] { "D1110" } }))
            .ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdatePatient_ReplacesTheProfile()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var response = await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1", new { firstName = "Anna", lastName = "Kowalska", phone = "+48601000009" });

        var patient = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Kowalska", patient.GetProperty("profile").GetProperty("lastName").GetString());
        Assert.Equal("+48601000009", patient.GetProperty("profile").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task RecordVisit_UpdatesTheRecallAtOnce()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/visits", new { date = "2026-11-20", serviceCodes = new[] { "D1110" } });

        var cycle = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cycles")[0];
        Assert.Equal("2027-05-21", cycle.GetProperty("dueDate").GetString());
        Assert.Equal("due", cycle.GetProperty("status").GetString());
        Assert.Equal("black", cycle.GetProperty("colour").GetString());
        Assert.Equal(2, cycle.GetProperty("daysSinceLastVisit").GetInt32());
    }

    [Fact]
    public async Task RecordVisit_InTheFuture_400NamesDate()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/visits", new { date = "2026-12-01", serviceCodes = new[] { "D1110" } });

        Assert.Equal(["date"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Fact]
    public async Task RecordVisit_SameIdempotencyKey_AppliedOnceWithTheSameAnswer()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var first = await PostVisitAsync(client, clinicId, "visit-key-1", "2026-11-20");
        var second = await PostVisitAsync(client, clinicId, "visit-key-1", "2026-11-20");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var patient = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1");
        Assert.Equal(1, patient.GetProperty("visits").GetInt32());
    }

    [Fact]
    public async Task RecordVisit_KeyReusedForAnotherRequest_Is422()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");
        await PostVisitAsync(client, clinicId, "visit-key-2", "2026-11-20");

        var reused = await PostVisitAsync(client, clinicId, "visit-key-2", "2026-11-21");

        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task CreatePatient_RetriedWithKey_IsCreatedOnce()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        HttpRequestMessage Request() => new(HttpMethod.Post, $"/clinics/{clinicId}/patients")
        {
            Content = JsonContent.Create(new { id = "retry", firstName = "Anna", lastName = "Nowak" }),
            Headers = { { "Idempotency-Key", "create-retry" } },
        };

        var first = await client.SendAsync(Request());
        var retry = await client.SendAsync(Request());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode); // Not 409: the retry is answered from the inbox.
    }

    [Fact]
    public async Task ManualDueDate_SetAndCleared()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var set = await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/hygiene/due-date", new { dueDate = "2026-12-01" });
        var cycle = (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cycles")[0];
        Assert.Equal(("2026-12-01", true, "yellow"), (cycle.GetProperty("dueDate").GetString(), cycle.GetProperty("dueDateSetManually").GetBoolean(), cycle.GetProperty("colour").GetString()));

        var cleared = await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/hygiene/due-date", new { dueDate = (string?)null });
        Assert.Equal(0, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cycles").GetArrayLength());

        var unknown = await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/xray/due-date", new { dueDate = "2026-12-01" });
        Assert.Equal(["recallType"], (await unknown.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        foreach (var outOfRange in new[] { "0001-01-01", "9999-12-31" })
        {
            var refused = await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/hygiene/due-date", new { dueDate = outOfRange });
            Assert.Equal(["dueDate"], (await refused.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        }

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/recalls")).GetProperty("cycles").GetArrayLength());
    }

    [Fact]
    public async Task ListPatients_FiltersByColourStatusAndDueWindow_WithPaging()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        // Today is 2026-11-22 at the clinic; the due dates sit on each colour's edges.
        var dueIn = new Dictionary<string, int> { ["red-1"] = -30, ["red-2"] = 0, ["yellow-1"] = 1, ["yellow-2"] = 30, ["black-1"] = 31, ["black-2"] = 90 };
        foreach (var (id, days) in dueIn)
        {
            // No phone or email: overdue patients stay "overdue" (no notice can turn them "contacted" mid-test).
            (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id, firstName = "Anna", lastName = "Nowak" })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/{id}/recalls/hygiene/due-date", new { dueDate = new DateOnly(2026, 11, 22).AddDays(days) })).EnsureSuccessStatusCode();
        }

        await CreatePatientAsync(client, clinicId, "no-history");

        async Task<string[]> Ids(string query)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients?{query}");
            return [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("patientId").GetString()!)];
        }

        Assert.Equal(["red-1", "red-2"], await Ids("colour=red"));
        Assert.Equal(["yellow-1", "yellow-2"], await Ids("colour=yellow"));
        Assert.Equal(["black-1", "black-2"], await Ids("colour=BLACK"));
        Assert.Equal(["red-1", "red-2"], await Ids("status=overdue"));
        Assert.Equal(["red-1", "red-2", "yellow-1", "yellow-2"], await Ids("dueWithinDays=30"));
        Assert.Equal(["red-1", "red-2", "yellow-1"], await Ids("dueWithinDays=1"));
        Assert.Equal(["yellow-1", "yellow-2"], await Ids("pageSize=2&page=2"));
        var all = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients?pageSize=2");
        Assert.Equal(7, all.GetProperty("total").GetInt32());

        var counts = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/counts");
        Assert.Equal(2, counts.GetProperty("byColour").GetProperty("red").GetInt32());
        Assert.Equal(2, counts.GetProperty("byColour").GetProperty("yellow").GetInt32());
        Assert.Equal(2, counts.GetProperty("byColour").GetProperty("black").GetInt32());
        Assert.Equal(4, counts.GetProperty("dueWithin30Days").GetInt32());
        Assert.Equal(7, counts.GetProperty("patients").GetInt32());
    }

    [Fact]
    public async Task ListPatients_BadFilters_400NamesEach()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.GetAsync($"/clinics/{clinicId}/patients?status=lost&colour=green&dueWithinDays=-1&page=0&pageSize=1000");

        Assert.Equal(["colour", "dueWithinDays", "page", "pageSize", "status"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Fact]
    public async Task ListPatients_SearchAndFamily()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        foreach (var (id, first, party) in new[] { ("c1", "Ola", "fam-1"), ("c2", "Kuba", "fam-1"), ("c3", "Zofia", "fam-2") })
        {
            (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new
            {
                id, firstName = first, lastName = "Wiśniewska", responsibleParty = new { id = party, name = "Parent", phone = "+48601000100" },
            })).EnsureSuccessStatusCode();
        }

        var family = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients?responsiblePartyId=fam-1");
        var search = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients?q=zof");

        Assert.Equal(2, family.GetProperty("total").GetInt32());
        Assert.Equal("c3", search.GetProperty("items")[0].GetProperty("patientId").GetString());
    }

    internal static async Task CreatePatientAsync(HttpClient client, string clinicId, string id) =>
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id, firstName = "Anna", lastName = "Nowak", phone = "+48601000001" }))
            .EnsureSuccessStatusCode();

    private static Task<HttpResponseMessage> PostVisitAsync(HttpClient client, string clinicId, string key, string date) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/clinics/{clinicId}/patients/p1/visits")
        {
            Content = JsonContent.Create(new { date, serviceCodes = new[] { "D1110" } }),
            Headers = { { "Idempotency-Key", key } },
        });
}

public sealed class CallsApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task Call_Reached_IsLoggedWithWhoCalledAndCountsAsContact()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await PatientsApiTests.CreatePatientAsync(client, clinicId, "p1");
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/hygiene/due-date", new { dueDate = "2026-12-01" })).EnsureSuccessStatusCode();

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/calls", new { outcome = "reached", note = "will call back to book", by = "reception: Kasia" });

        var call = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(("phone", "sent", "reception: Kasia"), (call.GetProperty("channel").GetString(), call.GetProperty("outcome").GetString(), call.GetProperty("by").GetString()));
        Assert.Contains("will call back", call.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var recall = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/recalls");
        Assert.Equal("contacted", recall.GetProperty("cycles")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Call_WithoutOutcome_400NamesIt()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await PatientsApiTests.CreatePatientAsync(client, clinicId, "p1");

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/calls", new { note = "?" });

        Assert.Equal(["outcome"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }
}
