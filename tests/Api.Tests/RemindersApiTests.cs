using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recall.Api.Tests;

/// <summary>
/// The reminders' HTTP surface: a manual reminder made, edited and cancelled through the send queue,
/// the reminders list's colours, and bad input that names its field and changes nothing.
/// The factory's clock stands at 2026-11-22 08:00 UTC.
/// </summary>
public sealed class RemindersApiTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task ManualReminder_IsQueued_EditedAndCancelled_ThenNoLongerEditable()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var created = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/reminders", new
        {
            at = new[] { "2026-11-30T09:00:00+01:00", "2026-11-25T09:00:00+01:00" },
            channels = new[] { "sms" },
            text = "Hello {firstName}, time for your check-up.",
            by = "desk",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var queue = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/send-queue");
        var items = queue.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["m1:1:sms", "m1:2:sms"], items.Select(i => i.GetProperty("sendId").GetString()));
        Assert.All(items, i => Assert.Equal(("manual", "scheduled", true, "Anna Nowak"),
            (i.GetProperty("purpose").GetString(), i.GetProperty("state").GetString(), i.GetProperty("editable").GetBoolean(), i.GetProperty("patientName").GetString())));

        var moved = await client.PatchAsJsonAsync($"/clinics/{clinicId}/patients/p1/sends/m1:1:sms", new { at = "2026-11-26T10:00:00+01:00", text = "Anna, see you soon." });
        var send = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(("Anna, see you soon.", DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            (send.GetProperty("text").GetString(), send.GetProperty("at").GetDateTimeOffset()));

        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/sends/m1:2:sms/cancel", new { by = "desk" })).EnsureSuccessStatusCode();
        var again = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/sends/m1:2:sms/cancel", new { by = "desk" });
        await again.ProblemAsync(HttpStatusCode.Conflict);

        var withdrawn = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/send-queue?state=withdrawn");
        var cancelled = Assert.Single(withdrawn.GetProperty("items").EnumerateArray());
        Assert.Equal(("m1:2:sms", "cancelled by desk", false),
            (cancelled.GetProperty("sendId").GetString(), cancelled.GetProperty("detail").GetString(), cancelled.GetProperty("editable").GetBoolean()));
        var left = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/sends");
        Assert.Equal(2, left.GetProperty("sends").GetArrayLength());
    }

    [Fact]
    public async Task RemindersList_ColoursByDueDate_AndFilters()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "late", lastVisit: "2026-05-01"); // Due 2026-11-02: red.
        await CreatePatientAsync(client, clinicId, "soon", lastVisit: "2026-06-10"); // Due 2026-12-11: yellow.
        await CreatePatientAsync(client, clinicId, "later", lastVisit: "2026-10-01"); // Due 2027-04-02: black.

        var all = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/reminders");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var colours = all.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("patientId").GetString()!, i => i.GetProperty("colour").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["late"] = "red", ["soon"] = "yellow", ["later"] = "black" }, colours);

        var red = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/reminders?colour=red&recallType=hygiene");
        Assert.Equal("late", Assert.Single(red.GetProperty("items").EnumerateArray()).GetProperty("patientId").GetString());
        var december = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/reminders?dueFrom=2026-12-01&dueTo=2026-12-31");
        Assert.Equal("soon", Assert.Single(december.GetProperty("items").EnumerateArray()).GetProperty("patientId").GetString());
    }

    [Fact]
    public async Task BadInput_NamesTheField_ChangesNothing_UnknownIs404()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await CreatePatientAsync(client, clinicId, "p1");

        var bad = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/reminders", new
        {
            at = new[] { "2026-11-01T09:00:00Z" },
            channels = new[] { "fax" },
            text = "Hi {nickname}",
            recallType = "nope",
        });
        Assert.Equal(["at", "channels", "recallType", "text"], (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Fields().Order());
        var internalWithChannels = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/reminders", new
        {
            at = new[] { "2026-11-24T09:00:00Z" }, channels = new[] { "sms" }, role = "frontDesk", text = "Call the owner",
        });
        Assert.Equal(["channels"], (await internalWithChannels.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/p1/sends")).GetProperty("sends").GetArrayLength());

        Assert.Equal(["state"], (await (await client.GetAsync($"/clinics/{clinicId}/send-queue?state=lost")).ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(["channel"], (await (await client.GetAsync($"/clinics/{clinicId}/send-queue?channel=fax")).ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(["colour"], (await (await client.GetAsync($"/clinics/{clinicId}/reminders?colour=blue")).ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        Assert.Equal(["dueTo"], (await (await client.GetAsync($"/clinics/{clinicId}/reminders?dueFrom=2027-01-01&dueTo=2026-01-01")).ProblemAsync(HttpStatusCode.BadRequest)).Fields());

        var settings = JsonNode.Parse(await client.GetStringAsync($"/clinics/{clinicId}"))!["settings"]!.AsObject();
        settings["workflow"] = new JsonObject { ["visitReminderChannels"] = new JsonArray("sms", "fax") };
        var badChannels = await client.PutAsync($"/clinics/{clinicId}/settings", new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(["workflow.visitReminderChannels"], (await badChannels.ProblemAsync(HttpStatusCode.BadRequest)).Fields());

        await (await client.GetAsync($"/clinics/{clinicId}/patients/ghost/sends")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PatchAsJsonAsync($"/clinics/{clinicId}/patients/p1/sends/m9:1:sms", new { text = "x" })).ProblemAsync(HttpStatusCode.NotFound);
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
