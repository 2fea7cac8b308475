using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Recall.Api.Tests;

/// <summary>
/// The probes of issue #16 that answered 500: nulls where the request types allow none, and dates
/// far outside any recall's years. Each is a 400 naming the field, and changes nothing.
/// </summary>
public sealed class RequestShapeTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Theory]
    [InlineData("PUT", "/schedule/setup", """{"visitTypes":null,"resources":[]}""", "visitTypes")]
    [InlineData("PUT", "/schedule/setup", """{"visitTypes":[null],"resources":[]}""", "visitTypes[0]")]
    [InlineData("PUT", "/schedule/setup", """{"visitTypes":[],"resources":[{"id":"c","name":"C","kind":"chair","hours":[null]}]}""", "resources[0].hours[0]")]
    [InlineData("PUT", "/recall-rules", "[null]", "[0]")]
    [InlineData("POST", "/patients/p1/appointments", """{"visitTypeId":"hygiene-60","start":"9999-12-31T23:00:00Z"}""", "start")] // Before the unknown visit type.
    [InlineData("POST", "/patients/p1/visits", """{"date":"0001-01-01","serviceCodes":["D1110"]}""", "date")]
    [InlineData("POST", "/patients/p1/visits", """{"date":"2026-11-01","serviceCodes":[null]}""", "serviceCodes[0]")]
    [InlineData("GET", "/schedule/slots?visitType=hygiene-60&from=9999-12-31", "", "from")]
    [InlineData("GET", "/schedule/appointments?from=0001-01-01", "", "from")]
    [InlineData("GET", "/reports/daily?date=9999-12-31", "", "date")]
    [InlineData("GET", "/reports/monthly?month=0001-01", "", "month")]
    [InlineData("GET", "/patients?q=a%00b", "", "q")] // A NUL was a 500 on PostgreSQL (found by OpenApiPropertyTests).
    [InlineData("POST", "/patients", """{"id":"p2","firstName":"A\u0000","lastName":"Nowak","phone":"+48601000002"}""", "firstName")]
    [InlineData("POST", "/patients/p1/calls", """{"outcome":"noAnswer","note":"\u0000"}""", "note")]
    public async Task ClinicRequest_OutOfShape_400NamesTheField_AndChangesNothing(string method, string path, string body, string field)
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak", phone = "+48601000001" })).EnsureSuccessStatusCode();
        var before = await SnapshotAsync(client, clinicId);

        var response = await SendAsync(client, method, $"/clinics/{clinicId}{path}", body);

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(before, await SnapshotAsync(client, clinicId));
    }

    [Theory]
    [InlineData("""{"id":"shape-1","name":"X","timeZone":"Europe/Warsaw","recallRules":[null]}""", "recallRules[0]")]
    [InlineData("""{"id":"shape-2","name":"X","timeZone":"Europe/Warsaw","openingHours":[null]}""", "openingHours[0]")]
    public async Task NewClinic_WithANullInAList_400NamesIt_AndNoClinicIsMade(string body, string field)
    {
        using var admin = factory.Admin();

        var response = await SendAsync(admin, "POST", "/clinics", body);

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        await (await admin.GetAsync($"/clinics/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Found by OpenApiPropertyTests: Orleans refuses a blank grain key, which was a 500.</summary>
    [Theory]
    [InlineData("GET", "/clinics/%20/schedule/setup")]
    [InlineData("GET", "/clinics/%20/counts")]
    [InlineData("PUT", "/clinics/%20/recall-rules")]
    public async Task Request_ForABlankClinicId_404(string method, string path)
    {
        using var admin = factory.Admin();

        var response = await SendAsync(admin, method, path, "[]");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Found by OpenApiPropertyTests: JSON binding threw for an unknown charset, and for a quoted one (valid HTTP),
    /// a 500 on every route with a body. An unknown one is 415 and changes nothing; a quoted known one is read.
    /// </summary>
    [Theory]
    [InlineData("no-such-charset", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("\"no-such-charset\"", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("utf-8", HttpStatusCode.Created)]
    [InlineData("\"utf-8\"", HttpStatusCode.Created)]
    public async Task Body_WithACharset_UnknownIs415_KnownIsRead(string charset, HttpStatusCode expected)
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        using var content = new StringContent("""{"id":"p9","firstName":"Anna","lastName":"Nowak","phone":"+48601000001"}""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/json; charset={charset}");

        var response = await client.PostAsync($"/clinics/{clinicId}/patients", content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/clinics/{clinicId}/patients/p9")).StatusCode);
    }

    /// <summary>The CSV import names its encoding in the query and reads no charset from the header: one there is no reason to refuse it.</summary>
    [Fact]
    public async Task Import_WithACharsetInItsContentType_IsRead()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        using var content = new StringContent("id,firstName,lastName,phone\np9,Anna,Nowak,+48601000001\n");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("text/csv; charset=windows-1250");

        var response = await client.PostAsync($"/clinics/{clinicId}/patients/import", content);

        response.EnsureSuccessStatusCode();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> SnapshotAsync(HttpClient client, string clinicId) =>
        string.Join("\n", await Task.WhenAll(
            new[] { "", "/schedule/setup", "/patients/p1", "/patients/p1/appointments" }.Select(p => client.GetStringAsync($"/clinics/{clinicId}{p}"))));
}
