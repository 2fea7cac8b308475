using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests;

/// <summary>Phone numbers as clinics write them: read in the clinic's country, stored in E.164 (issue #15).</summary>
public sealed class PhoneNumbersApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task AClinicsCountry_ComesFromItsTimeZone_UnlessItNamesOne()
    {
        using var admin = factory.Admin();

        var warsaw = await (await admin.PostAsJsonAsync("/clinics", new { id = "country-tz", name = "Smile", timeZone = "Europe/Warsaw", languages = new[] { "pl" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var named = await (await admin.PostAsJsonAsync("/clinics", new { id = "country-own", name = "Tand", timeZone = "Europe/Warsaw", country = "se", languages = new[] { "sv" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var bad = await admin.PostAsJsonAsync("/clinics", new { id = "country-bad", name = "X", timeZone = "Europe/Warsaw", country = "Poland", languages = new[] { "pl" } });

        Assert.Equal("PL", warsaw.GetProperty("settings").GetProperty("country").GetString());
        Assert.Equal("SE", named.GetProperty("settings").GetProperty("country").GetString());
        Assert.Equal(["country"], (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Theory]
    [InlineData("601 000 002", "+48601000002", "mobile")]
    [InlineData("+48 601 000 003", "+48601000003", "mobile")]
    [InlineData("0048601000008", "+48601000008", "mobile")]
    [InlineData("+46 70 123 45 69", "+46701234569", "mobile")]
    [InlineData("22 100 00 01", "+48221000001", "landline")]
    public async Task APatientsPhone_InAnyCommonForm_IsStoredInE164_WithItsLineType(string written, string stored, string lineType)
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var response = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak", phone = written });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var patient = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(stored, patient.GetProperty("profile").GetProperty("phone").GetString());
        Assert.Equal(lineType, patient.GetProperty("phoneLineType").GetString());
        var consent = await client.GetAsync($"/clinics/{clinicId}/phones/{Uri.EscapeDataString(written)}");
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
    }

    [Fact]
    public async Task AnInvalidPhone_Is400NamingIt_WithAnExampleForTheClinicsCountry()
    {
        using var admin = factory.Admin();
        await admin.PostAsJsonAsync("/clinics", new { id = "phones-se", name = "Tand", timeZone = "Europe/Stockholm", languages = new[] { "sv" } });

        var response = await admin.PostAsJsonAsync("/clinics/phones-se/patients", new { id = "p1", firstName = "Sven", lastName = "Berg", phone = "070-12" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("phone")[0].GetString()!;
        Assert.Contains("+46", message, StringComparison.Ordinal);
        Assert.DoesNotContain("+48", message, StringComparison.Ordinal);
        await (await admin.GetAsync("/clinics/phones-se/patients/p1")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
