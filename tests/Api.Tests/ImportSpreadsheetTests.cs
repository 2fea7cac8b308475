using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Recall.Api.Tests;

/// <summary>CSV files as clinics' spreadsheets and practice systems write them (issue #15).</summary>
public sealed class ImportSpreadsheetTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    static ImportSpreadsheetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task AStrayQuoteInsideACell_IsData_AndRowsStayApart()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        const string csv = """
            id,firstName,lastName,phone,language
            r02,Anna "Ania,Kowalska,+48601000302,pl
            r03,Jan,Nowak,+48601000303,pl
            r04,Ewa "Ewka,Lewandowska,+48601000304,pl
            """;

        var report = await ImportAsync(client, clinicId, Encoding.UTF8.GetBytes(csv));

        Assert.Equal((3, 3), (report.GetProperty("rows").GetInt32(), report.GetProperty("imported").GetInt32()));
        var r02 = await ProfileAsync(client, clinicId, "r02");
        Assert.Equal(("Anna \"Ania", "+48601000302"), (r02.GetProperty("firstName").GetString(), r02.GetProperty("phone").GetString()));
        Assert.Equal("+48601000303", (await ProfileAsync(client, clinicId, "r03")).GetProperty("phone").GetString());
        Assert.Equal("Ewa \"Ewka", (await ProfileAsync(client, clinicId, "r04")).GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task AWindows1250File_IsDetected_AndReadRight()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        var bytes = Encoding.GetEncoding(1250).GetBytes("id;firstName;lastName\r\nz1;Zażółć;Gęślą Jaźń\r\n");

        var report = await ImportAsync(client, clinicId, bytes);

        Assert.Equal(("windows-1250", ";"), (report.GetProperty("encoding").GetString(), report.GetProperty("separator").GetString()));
        var z1 = await ProfileAsync(client, clinicId, "z1");
        Assert.Equal(("Zażółć", "Gęślą Jaźń"), (z1.GetProperty("firstName").GetString(), z1.GetProperty("lastName").GetString()));
    }

    [Fact]
    public async Task AWindows1252File_InASwedishClinic_IsReadAs1252()
    {
        using var admin = factory.Admin();
        (await admin.PostAsJsonAsync("/clinics", new { id = "import-se", name = "Tand", timeZone = "Europe/Stockholm", languages = new[] { "sv" } })).EnsureSuccessStatusCode();
        var bytes = Encoding.GetEncoding(1252).GetBytes("id;firstName;lastName;phone\r\ns1;Åsa;Öberg;070-123 45 67\r\n");

        var report = await ImportAsync(admin, "import-se", bytes);

        Assert.Equal("windows-1252", report.GetProperty("encoding").GetString());
        var s1 = await ProfileAsync(admin, "import-se", "s1");
        Assert.Equal(("Åsa", "Öberg", "+46701234567"), (s1.GetProperty("firstName").GetString(), s1.GetProperty("lastName").GetString(), s1.GetProperty("phone").GetString()));
    }

    [Fact]
    public async Task Utf8WithAByteOrderMark_IsUtf8()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var report = await ImportAsync(client, clinicId, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("id,firstName,lastName\nb1,Łucja,Żak\n")]);

        Assert.Equal("utf-8", report.GetProperty("encoding").GetString());
        Assert.Equal("Łucja", (await ProfileAsync(client, clinicId, "b1")).GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task AnEncodingNamedWrongly_IsRefused_AndNothingImported()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        var bytes = Encoding.GetEncoding(1250).GetBytes("id;firstName;lastName\r\nz1;Zażółć;Nowak\r\n");

        var notUtf8 = await PostAsync(client, clinicId, bytes, "?encoding=utf-8");
        var unknown = await PostAsync(client, clinicId, bytes, "?encoding=ebcdic");

        Assert.Equal(["encoding"], (await notUtf8.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(["encoding"], (await unknown.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/counts")).GetProperty("patients").GetInt32());
        var named = await PostAsync(client, clinicId, bytes, "?encoding=windows-1250");
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal("Zażółć", (await ProfileAsync(client, clinicId, "z1")).GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task DayFirstDottedDates_AndNationalNumbers_Import()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        const string csv = """
            id;firstName;lastName;dateOfBirth;phone;lastVisitDate;lastVisitServiceCodes
            d1;Anna;Nowak;02.04.1980;601 000 002;01.05.2026;D1110
            d2;Jan;Lis;1975-01-31;0048601000008;2026-06-01;D1110
            """;

        var report = await ImportAsync(client, clinicId, Encoding.UTF8.GetBytes(csv));

        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        var d1 = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/d1");
        Assert.Equal(("1980-04-02", "+48601000002"), (d1.GetProperty("profile").GetProperty("dateOfBirth").GetString(), d1.GetProperty("profile").GetProperty("phone").GetString()));
        Assert.Equal("2026-05-01", d1.GetProperty("lastVisit").GetString());
        Assert.Equal("+48601000008", (await ProfileAsync(client, clinicId, "d2")).GetProperty("phone").GetString());
    }

    [Fact]
    public async Task AnUnquotedCodeList_InASemicolonFile_KeepsEveryCode()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        await ImportAsync(client, clinicId, Encoding.UTF8.GetBytes("id;firstName;lastName;lastVisitDate;lastVisitServiceCodes\nl1;Anna;Nowak;2026-05-01;D0120;D1110\n"));

        var visits = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/l1/recalls");
        Assert.Equal("hygiene", visits.GetProperty("cycles")[0].GetProperty("recallType").GetString()); // D1110, the second code, started the cycle.
    }

    [Fact]
    public async Task ARowWithACellTooMany_IsRefused_NotCut()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var report = await ImportAsync(client, clinicId, Encoding.UTF8.GetBytes("id,firstName,lastName,email\nx1,Anna,Nowak,Jr,anna@example.com\nx2,Jan,Lis,jan@example.com\n"));

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "row"), (error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task ErrorsNameTheLineTheRecordStartsOn()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        const string csv = "id,firstName,lastName,language\n\nm1,\"Anna\nMaria\",Nowak,pl\nm2,Jan,Lis,xx\n";

        var report = await ImportAsync(client, clinicId, Encoding.UTF8.GetBytes(csv));

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        Assert.Equal(5, Assert.Single(report.GetProperty("errors").EnumerateArray()).GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task ATenThousandRowMessyExport_ImportsRight()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        var export = MessyExport.Create(10_000, seed: 15);

        var report = await ImportAsync(client, clinicId, Encoding.GetEncoding(1250).GetBytes(export.Text));

        Assert.Equal("windows-1250", report.GetProperty("encoding").GetString());
        Assert.Equal((10_000, export.Importable), (report.GetProperty("rows").GetInt32(), report.GetProperty("imported").GetInt32()));
        Assert.Equal(export.BadPhonesWithEmail, report.GetProperty("warningCount").GetInt32());
        Assert.All(report.GetProperty("errors").EnumerateArray(), e => Assert.Equal("phone", e.GetProperty("field").GetString()));
        Assert.Equal(export.Importable, (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/counts")).GetProperty("patients").GetInt32());
        foreach (var expected in export.Sample(25))
        {
            var profile = await ProfileAsync(client, clinicId, expected.Id);
            Assert.Equal((expected.FirstName, expected.LastName, expected.Phone, expected.BornIso),
                (profile.GetProperty("firstName").GetString(), profile.GetProperty("lastName").GetString(), profile.GetProperty("phone").GetString(), profile.GetProperty("dateOfBirth").GetString()));
        }
    }

    internal static async Task<JsonElement> ImportAsync(HttpClient client, string clinicId, byte[] csv)
    {
        var response = await PostAsync(client, clinicId, csv, "");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string clinicId, byte[] csv, string query)
    {
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await client.PostAsync($"/clinics/{clinicId}/patients/import{query}", content);
    }

    private static async Task<JsonElement> ProfileAsync(HttpClient client, string clinicId, string patientId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/{patientId}")).GetProperty("profile");
}
