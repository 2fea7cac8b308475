using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recall.Api.Frontend;

namespace Recall.Api.Tests;

/// <summary>Every API response says the product clock's now, which the staff app judges snoozes and due times by.</summary>
public sealed class ServerNowHeaderTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task StaffSession_SaysTheManualClocksNow_InMilliseconds()
    {
        using var browser = factory.CreateClient();

        var response = await browser.GetAsync("/staff/session");

        response.EnsureSuccessStatusCode();
        Assert.Equal(ServerNowHeader.Format(await ClockNowAsync()), NowOf(response));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", NowOf(response));
    }

    [Fact]
    public async Task AfterTheClockMoves_EvenAProblem_SaysTheNewNow()
    {
        using var admin = factory.Admin();
        var before = await ClockNowAsync();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { days = 3, minutes = 5 })).EnsureSuccessStatusCode();
        using var stranger = factory.CreateClient();

        var response = await stranger.GetAsync("/clinics/nobody/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before + TimeSpan.FromDays(3) + TimeSpan.FromMinutes(5), DateTimeOffset.Parse(NowOf(response), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ApiAnswers_AreNotStored_ThePageAndItsFilesRevalidate()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak", phone = "+48601000001" })).EnsureSuccessStatusCode();
        using var browser = factory.CreateClient();

        var patient = await client.GetAsync($"/clinics/{clinicId}/patients/p1");
        var missing = await client.GetAsync($"/clinics/{clinicId}/patients/ghost");
        var page = await browser.GetAsync("/");

        Assert.Equal("no-store", patient.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", missing.Headers.CacheControl?.ToString());
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
    }

    private static string NowOf(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues(ServerNowHeader.Name));

    private async Task<DateTimeOffset> ClockNowAsync()
    {
        using var admin = factory.Admin();
        return (await admin.GetFromJsonAsync<JsonElement>("/admin/clock")).GetProperty("now").GetDateTimeOffset();
    }
}
