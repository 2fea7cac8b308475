using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests;

public sealed class TemplatesApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task List_ShowsEveryPurposeInTheClinicsLanguages_AsDefaults()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var templates = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/templates");

        Assert.Equal(Enum.GetValues<Recall.Grains.Templates.TemplatePurpose>().Length * 2, templates.GetArrayLength()); // Every purpose x pl, en.
        Assert.All(templates.EnumerateArray(), t => Assert.True(t.GetProperty("isDefault").GetBoolean()));
        var polishSms = templates.EnumerateArray().Single(t => t.GetProperty("purpose").GetString() == "recallSms" && t.GetProperty("language").GetString() == "pl");
        Assert.Equal("ucs2", polishSms.GetProperty("size").GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task Set_OwnWording_IsUsedForTheNextNotice()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        var saved = await client.PutAsJsonAsync($"/clinics/{clinicId}/templates/recallSms/pl", new { body = "{clinicName}: {firstName}, zapraszamy na przegląd." });
        Assert.False((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDefault").GetBoolean());
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Ola", lastName = "Nowak", phone = "+48601000001", language = "pl" })).EnsureSuccessStatusCode();

        (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/hygiene/due-date", new { dueDate = "2026-11-22" })).EnsureSuccessStatusCode();
        using var admin = factory.Admin();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { hours = 1 })).EnsureSuccessStatusCode();

        var outbox = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/outbox");
        Assert.Equal("Smile Dental: Ola, zapraszamy na przegląd.", Assert.Single(outbox.EnumerateArray()).GetProperty("body").GetString());
    }

    [Fact]
    public async Task BookingLink_InTheNotice_OpensThePatientsBookingPage()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/templates/recallSms/pl", new { body = "{clinicName}: {firstName}, umów się: {bookingLink}" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Ola", lastName = "Nowak", phone = "+48601000001", language = "pl" })).EnsureSuccessStatusCode();

        (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1/recalls/hygiene/due-date", new { dueDate = "2026-11-22" })).EnsureSuccessStatusCode();
        using var admin = factory.Admin();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { hours = 1 })).EnsureSuccessStatusCode();

        var body = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/outbox")).EnumerateArray()).GetProperty("body").GetString()!;
        Assert.StartsWith("Smile Dental: Ola, umów się: http://localhost:5080/p/", body, StringComparison.Ordinal);
        using var patient = factory.CreateClient(); // No key, no session: the link alone.
        var page = await patient.GetAsync(new Uri(body[body.IndexOf("http", StringComparison.Ordinal)..]).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Umów wizytę</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Personal data behind a secret address: not cached, and the address never leaves as a referrer.
        Assert.Equal(("no-store", "no-referrer"), (page.Headers.CacheControl?.ToString(), string.Join(",", page.Headers.GetValues("Referrer-Policy"))));
    }

    [Fact]
    public async Task Set_UnknownPlaceholderOrLanguage_400NamesTheFieldAndSavesNothing()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var typo = await client.PutAsJsonAsync($"/clinics/{clinicId}/templates/recallSms/pl", new { body = "{clinicName}: {frstName}" });
        var language = await client.PutAsJsonAsync($"/clinics/{clinicId}/templates/recallSms/fr", new { body = "{clinicName}: bonjour" });
        var purpose = await client.PutAsJsonAsync($"/clinics/{clinicId}/templates/birthdayCard/pl", new { body = "x" });

        Assert.Contains("{frstName}", (await typo.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["language"], (await language.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(["purpose"], (await purpose.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        var templates = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/templates");
        Assert.All(templates.EnumerateArray(), t => Assert.True(t.GetProperty("isDefault").GetBoolean()));
    }

    [Fact]
    public async Task Preview_RendersAndCountsSegments()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        var preview = await client.PostAsJsonAsync($"/clinics/{clinicId}/templates/preview",
            new { purpose = "recallSms", language = "en", body = "{clinicName}: Hi {firstName}, time for a check-up. Call us to book." });

        var result = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Smile Dental: Hi Anna, time for a check-up. Call us to book.", result.GetProperty("text").GetString());
        Assert.Equal(("gsm7", 1), (result.GetProperty("sms").GetProperty("encoding").GetString(), result.GetProperty("sms").GetProperty("segments").GetInt32()));
    }

    [Fact]
    public async Task Reset_GoesBackToTheDefault()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await client.PutAsJsonAsync($"/clinics/{clinicId}/templates/visitReminder/en", new { body = "{clinicName}: see you {appointmentDate}" });

        var reset = await client.DeleteAsync($"/clinics/{clinicId}/templates/visitReminder/en");

        Assert.True((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDefault").GetBoolean());
    }
}
