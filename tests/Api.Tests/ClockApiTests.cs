using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests;

/// <summary>The manual clock through the admin API: months pass in one call, through the production path.</summary>
public sealed class ClockApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task Advance_PastADueDate_MakesThePatientOverdueAndSendsTheNotice()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await PatientsApiTests.CreatePatientAsync(client, clinicId, "p1");
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/visits", new { date = "2026-11-20", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        using var admin = factory.Admin();

        var advance = await admin.PostAsJsonAsync("/admin/clock/advance", new { days = 200 });

        Assert.Equal(HttpStatusCode.OK, advance.StatusCode);
        var recall = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/recalls");
        Assert.Equal("contacted", recall.GetProperty("cycles")[0].GetProperty("status").GetString());
        Assert.Equal("red", recall.GetProperty("cycles")[0].GetProperty("colour").GetString());
        var outbox = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/outbox");
        var message = Assert.Single(outbox.EnumerateArray());
        Assert.Equal("+48601000001", message.GetProperty("recipient").GetString());
        Assert.Contains("Smile Dental", message.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.Parse("2027-05-21T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture), message.GetProperty("sentAt").GetDateTimeOffset());
        var contacts = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/contacts/counts?days=60");
        var sms = Assert.Single(contacts.EnumerateArray());
        Assert.Equal(("sms", "sent", 1), (sms.GetProperty("channel").GetString(), sms.GetProperty("outcome").GetString(), sms.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Advance_WithAClinicKey_Is403()
    {
        var (_, client) = await factory.CreateClinicAsync();

        await (await client.PostAsJsonAsync("/admin/clock/advance", new { days = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Advance_Backwards_400NamesTheField()
    {
        using var admin = factory.Admin();

        var response = await admin.PostAsJsonAsync("/admin/clock/advance", new { to = "2020-01-01T00:00:00Z" });

        Assert.Equal(["to"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Theory]
    [InlineData("days", 2147483647)]
    [InlineData("hours", 2147483647)]
    [InlineData("minutes", -1)]
    [InlineData("days", 3661)]
    public async Task Advance_OutOfRange_400NamesTheField_AndTheClockStays(string field, int value)
    {
        using var admin = factory.Admin();
        var before = await admin.GetFromJsonAsync<JsonElement>("/admin/clock");

        var response = await admin.PostAsJsonAsync("/admin/clock/advance", new Dictionary<string, int> { [field] = value });

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(before.GetProperty("now").GetString(), (await admin.GetFromJsonAsync<JsonElement>("/admin/clock")).GetProperty("now").GetString());
    }

    [Fact]
    public async Task Clock_Get_SaysManual()
    {
        using var admin = factory.Admin();

        var clock = await admin.GetFromJsonAsync<JsonElement>("/admin/clock");

        Assert.Equal("manual", clock.GetProperty("mode").GetString());
    }
}
