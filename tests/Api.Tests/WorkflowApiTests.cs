using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests;

/// <summary>The workflow's HTTP surface: schedule setup, booking (409 on a taken slot), tasks, insurance and reports.</summary>
public sealed class WorkflowApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    private static readonly object Setup = new
    {
        visitTypes = new[] { new { id = "hygiene-60", name = "Hygiene visit", durationMinutes = 60, resourceKinds = new[] { "chair" }, recallType = "hygiene" } },
        resources = new[]
        {
            new { id = "chair-1", name = "Chair 1", kind = "chair", hours = new[] { new { day = "monday", from = "08:00", to = "16:00" } } },
        },
    };

    [Fact]
    public async Task Booking_TheSameSlotTwice_TheSecondGets409AndChangesNothing()
    {
        var (clinicId, client) = await ClinicWithScheduleAsync();
        await CreatePatientAsync(client, clinicId, "p1");
        await CreatePatientAsync(client, clinicId, "p2");
        var slots = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/schedule/slots?visitType=hygiene-60&from=2026-11-23&days=1");
        var start = slots[0].GetProperty("start").GetString();
        Assert.Equal("2026-11-23T08:00:00+01:00", start); // In the clinic's time zone.

        var first = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/appointments", new { visitTypeId = "hygiene-60", start, by = "reception" });
        var second = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p2/appointments", new { visitTypeId = "hygiene-60", start, by = "reception" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await second.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p2/appointments")).GetArrayLength());
        var day = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/schedule/appointments?from=2026-11-23");
        Assert.Equal("p1", Assert.Single(day.EnumerateArray()).GetProperty("patientId").GetString());
    }

    [Fact]
    public async Task BadInput_NamesTheField_UnknownPatientIs404()
    {
        var (clinicId, client) = await ClinicWithScheduleAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var badType = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/appointments", new { visitTypeId = "nope", start = "2026-11-23T07:00:00Z" });
        Assert.Equal(["visitTypeId"], (await badType.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        var badRole = await client.GetAsync($"/clinics/{clinicId}/tasks?role=dentist");
        Assert.Equal(["role"], (await badRole.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        var badMonth = await client.GetAsync($"/clinics/{clinicId}/reports/monthly?month=11-2026");
        Assert.Equal(["month"], (await badMonth.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        var badDate = await client.GetAsync($"/clinics/{clinicId}/reports/daily?date=23.11.2026");
        Assert.Equal(["date"], (await badDate.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        var badSetup = await client.PutAsJsonAsync($"/clinics/{clinicId}/schedule/setup", new
        {
            visitTypes = new[] { new { id = "x", name = "X", durationMinutes = 7, resourceKinds = new[] { "laser" } } },
            resources = Array.Empty<object>(),
        });
        Assert.Equal(["visitTypes[0].durationMinutes", "visitTypes[0].resourceKinds"], (await badSetup.ProblemAsync(HttpStatusCode.BadRequest)).Fields().Order());
        await (await client.GetAsync($"/clinics/{clinicId}/patients/ghost/tasks")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/ghost/insurance", new
        {
            insurer = "PZU", plan = "Plus", memberId = "M1", validFrom = "2026-01-01", validTo = "2026-12-31",
        })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DueWorkflow_ShowsTasksPlanAndReports()
    {
        var (clinicId, client) = await ClinicWithScheduleAsync();
        await CreatePatientAsync(client, clinicId, "p1", lastVisit: "2026-05-01"); // Due 2026-11-02: overdue now.
        using (var admin = factory.Admin())
        {
            (await admin.PostAsJsonAsync("/admin/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
        }


        var worklist = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/tasks?role=frontDesk");
        Assert.Equal("remind", worklist.GetProperty("items")[0].GetProperty("step").GetString());
        var insurance = await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/insurance", new
        {
            insurer = "PZU", plan = "Dental Plus", memberId = "M-1", validFrom = "2026-01-01", validTo = "2027-12-31", minMonthsBetweenVisits = 6,
        });
        var plan = await insurance.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("covered", plan.GetProperty("cycles")[0].GetProperty("coverage").GetProperty("status").GetString());
        Assert.Equal(RetentionFormulaStart, plan.GetProperty("retention").GetProperty("formula").GetString()![..RetentionFormulaStart.Length]);

        var due = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/reports/contact-due");
        Assert.Equal((1, 1), (due.GetProperty("total").GetInt32(), due.GetProperty("overdue").GetInt32()));
        var csv = await client.GetAsync($"/clinics/{clinicId}/reports/contact-due?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("patientId,patientName,recallType,dueDate,status,overdue,phone,email\r\np1,Anna Nowak,hygiene,2026-11-02,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var monthly = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/reports/monthly?month=2026-11");
        Assert.Equal("2026-11", monthly.GetProperty("month").GetString());
    }

    [Theory]
    [InlineData("{\"hours\":1e15}", "hours")]
    [InlineData("{\"hours\":-2}", "hours")]
    [InlineData("{\"until\":\"9999-12-31T23:00:00Z\"}", "until")]
    public async Task Snooze_OutOfRange_400NamesTheField(string body, string field)
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var response = await client.PostAsync($"/clinics/{clinicId}/patients/p1/tasks/any/snooze", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    private const string RetentionFormulaStart = "score = round(100 * sum(points * weight) / sum(weight))";

    private async Task<(string, HttpClient)> ClinicWithScheduleAsync()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/schedule/setup", Setup)).EnsureSuccessStatusCode();
        return (clinicId, client);
    }

    private static async Task CreatePatientAsync(HttpClient client, string clinicId, string id, string? lastVisit = null)
    {
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id, firstName = "Anna", lastName = "Nowak", phone = "+48601000001", language = "pl" }))
            .EnsureSuccessStatusCode();
        if (lastVisit is not null)
        {
            (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/{id}/visits", new { date = lastVisit, serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        }
    }
}
