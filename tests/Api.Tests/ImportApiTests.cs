using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Recall.Api.Tests;

public sealed class ImportApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task Import_MixedRows_ImportsTheGoodAndListsTheBad()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        const string csv = """
            id,firstName,lastName,dateOfBirth,phone,email,language,lastVisitDate,lastVisitServiceCodes
            p1,Anna,Nowak,1980-04-02,+48601000001,anna@example.com,pl,2026-05-01,D1110
            p2,Jan,Kowalski,1975-01-01,12345,jan@example.com,pl,2026-06-01,D1110
            p3,Ewa,"Wójcik, Jr",02/03/1990,+48601000003,,en,2026-09-10,D1110;D0120
            p4,Piotr,Zieliński,,+48601000004,,pl,2026-10-01,
            p1,Anna,Again,,,,,,
            ,No,Id,,,,,,
            p5,Maria,"Lewandowska",,+48601000005,maria@example.com,sv,,
            p6,Tomasz,Kamiński,,,tomasz@example.com,en,2026-07-15,D1110
            """;

        var report = await ImportAsync(client, clinicId, csv);

        Assert.Equal(8, report.GetProperty("rows").GetInt32());
        Assert.Equal(3, report.GetProperty("imported").GetInt32());
        Assert.Equal(5, report.GetProperty("failed").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal(
        [
            (4, "dateOfBirth"), (5, "lastVisitServiceCodes"), (6, "id"), (7, "id"), (8, "language"),
        ], errors);
        var warning = Assert.Single(report.GetProperty("warnings").EnumerateArray());
        Assert.Equal((3, "p2", "phone"), (warning.GetProperty("line").GetInt32(), warning.GetProperty("patientId").GetString(), warning.GetProperty("field").GetString()));

        var patients = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients");
        Assert.Equal(["p1", "p2", "p6"], patients.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("patientId").GetString()).Order(StringComparer.Ordinal));
        var p2 = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p2");
        Assert.Equal(JsonValueKind.Null, p2.GetProperty("profile").GetProperty("phone").ValueKind);
        Assert.Equal("jan@example.com", p2.GetProperty("profile").GetProperty("email").GetString());
        var p1 = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/recalls");
        Assert.Equal("2026-11-02", p1.GetProperty("cycles")[0].GetProperty("dueDate").GetString());
        Assert.Equal("red", p1.GetProperty("cycles")[0].GetProperty("colour").GetString()); // Overdue, or already contacted by its owed notice.
    }

    /// <summary>Found by OpenApiPropertyTests: PostgreSQL cannot store a NUL, so such a row failed there alone, as "could not be saved".</summary>
    [Fact]
    public async Task Import_ARowWithANul_IsListedAndNotSaved()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var report = await ImportAsync(client, clinicId, "id,firstName,lastName\nn1,Anna,Nowak\nn2,An\0na,Lis\n");

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "n2", "row"), (error.GetProperty("line").GetInt32(), error.GetProperty("patientId").GetString(), error.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/clinics/{clinicId}/patients/n2")).StatusCode);
    }

    [Fact]
    public async Task Import_SameFileTwice_ChangesNothingNew()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        const string csv = "id;firstName;lastName;lastVisitDate;lastVisitServiceCodes\r\nq1;Anna;Nowak;2026-05-01;D1110\r\nq2;Jan;Kowalski;2026-06-01;D1110\r\n";

        await ImportAsync(client, clinicId, csv);
        var again = await ImportAsync(client, clinicId, csv);

        Assert.Equal(2, again.GetProperty("imported").GetInt32());
        var q1 = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/q1");
        Assert.Equal(1, q1.GetProperty("visits").GetInt32());
        var counts = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/counts");
        Assert.Equal(2, counts.GetProperty("patients").GetInt32());
    }

    [Fact]
    public async Task Import_WithoutStatusColumn_DoesNotBringADeceasedPatientBack()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "d1", firstName = "Anna", lastName = "Nowak", phone = "+48601000001", status = "deceased" }))
            .EnsureSuccessStatusCode();

        await ImportAsync(client, clinicId, "id,firstName,lastName,lastVisitDate,lastVisitServiceCodes\nd1,Anna,Nowak,2025-01-01,D1110\n");

        var patient = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/d1");
        Assert.Equal("deceased", patient.GetProperty("profile").GetProperty("status").GetString());
        Assert.Equal("+48601000001", patient.GetProperty("profile").GetProperty("phone").GetString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("id,firstName\np1,Anna\n", "lastName")]
    [InlineData("id,firstName,lastName,phon\n", "phon")]
    public async Task Import_BadHeader_400NamesTheHeader(string csv, string mentioned)
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsync($"/clinics/{clinicId}/patients/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["header"], problem.Fields());
        Assert.Contains(mentioned, problem.GetProperty("errors").GetProperty("header")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnclosedQuote_RefusesTheWholeFile_NamingTheLine()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsync($"/clinics/{clinicId}/patients/import",
            new StringContent("id,firstName,lastName\nok1,Anna,Nowak\nbad,\"Jan,Kowalski\nok2,Ewa,Lis\n", Encoding.UTF8, "text/csv"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("line 3", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        var counts = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/counts");
        Assert.Equal(0, counts.GetProperty("patients").GetInt32());
    }

    private static async Task<JsonElement> ImportAsync(HttpClient client, string clinicId, string csv)
    {
        var response = await client.PostAsync($"/clinics/{clinicId}/patients/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
