using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Recall.Api.Webhooks.Twilio;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// Texts from patients through the real HTTP pipeline: STOP stops every SMS to the number at once
/// (even one already queued), START resumes, HELP is answered, replies reach the conversation that asked.
/// Hygiene is due on 2026-07-05; the notice goes out at 08:00 in Warsaw (06:00 UTC).
/// </summary>
public sealed class TwilioInboundTests : IAsyncLifetime
{
    private static readonly DateTimeOffset NoticeAt = new(2026, 7, 5, 6, 0, 0, TimeSpan.Zero);
    private TwilioSilo silo = null!;

    public async Task InitializeAsync() => silo = await TwilioSilo.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Stop_ThenADueRecall_NoSmsButEmail()
    {
        await silo.CreatePatientAsync("p1", "+48601000001", "anna@example.com", "2026-01-05");

        var response = await silo.TextClinicAsync("+48601000001", "STOP");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        var twiml = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!; // The SDK writes <Response></Response>: the same empty reply.
        Assert.Equal(("Response", 0), (twiml.Name.LocalName, twiml.Nodes().Count()));
        Assert.Empty(silo.Twilio.Requests);
        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE channel = 'email' AND recipient = 'anna@example.com'"));
        var phone = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/phones/%2B48601000001");
        Assert.True(phone.GetProperty("optedOut").GetBoolean());
        Assert.Equal("sms:STOP", Assert.Single(phone.GetProperty("consentChanges").EnumerateArray()).GetProperty("source").GetString());
    }

    [Fact]
    public async Task Stop_AfterTheNoticeWasQueued_StillStopsIt()
    {
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await silo.AdvanceToAsync(NoticeAt.AddHours(-5)); // Past midnight: the notice is queued for 08:00.
        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"));

        await silo.TextClinicAsync("+48601000001", "Stop");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        Assert.Empty(silo.Twilio.Requests);
        var log = await silo.MessagesAsync("p1");
        var sent = log.Single(e => e.GetProperty("direction").GetString() == "out");
        Assert.Equal("failed", sent.GetProperty("outcome").GetString());
        Assert.Contains("21610", sent.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AfterStop_TextsAgain()
    {
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");

        await silo.TextClinicAsync("+48601000001", "STOP");
        await silo.TextClinicAsync("+48601000001", "START");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        Assert.Single(silo.Twilio.Requests);
        var phone = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/phones/%2B48601000001");
        Assert.False(phone.GetProperty("optedOut").GetBoolean());
        Assert.Equal(2, phone.GetProperty("consentChanges").GetArrayLength());
    }

    [Fact]
    public async Task Help_IsAnsweredWithTheClinic()
    {
        var response = await silo.TextClinicAsync("+48601000009", "help");

        var twiml = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Message>Smile Dental: appointment reminders.", twiml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_Tak_ReachesThePatientReadAsYesForStaff()
    {
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        await silo.TextClinicAsync("+48601000001", "Tak!");

        var reply = (await silo.MessagesAsync("p1")).Single(e => e.GetProperty("direction").GetString() == "in");
        Assert.Equal(("Tak!", "yes", true), (reply.GetProperty("text").GetString(), reply.GetProperty("meaning").GetString(), reply.GetProperty("needsHuman").GetBoolean()));
    }

    [Fact]
    public async Task Reply_FromANumberAFamilyShares_ReachesThePatientLastTexted()
    {
        await silo.CreatePatientAsync("mum", "+48601000001", null, "2026-01-02");
        await silo.CreatePatientAsync("son", "+48601000001", null, "2026-01-05");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1)); // Mum's notice on 2 July, the son's on 5 July.

        await silo.TextClinicAsync("+48601000001", "ok, kiedy?");

        Assert.DoesNotContain(await silo.MessagesAsync("mum"), e => e.GetProperty("direction").GetString() == "in");
        var reply = (await silo.MessagesAsync("son")).Single(e => e.GetProperty("direction").GetString() == "in");
        Assert.Equal(("unknown", true), (reply.GetProperty("meaning").GetString(), reply.GetProperty("needsHuman").GetBoolean()));
    }

    [Fact]
    public async Task Reply_NotUnderstood_WaitsOnTheAwaitingReplyListUntilHandled()
    {
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        await silo.TextClinicAsync("+48601000001", "czy mogę przyjść w piątek po 16?");
        var waiting = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?awaitingReply=true");
        Assert.Equal("p1", Assert.Single(waiting.GetProperty("items").EnumerateArray()).GetProperty("patientId").GetString());

        (await silo.Admin.PostAsync("/clinics/hooks/patients/p1/messages/handled", null)).EnsureSuccessStatusCode();

        var after = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?awaitingReply=true");
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Inbound_SameMessageTwice_IsTakenOnce()
    {
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        await silo.TextClinicAsync("+48601000001", "nie", sid: "SMdup");
        await silo.TextClinicAsync("+48601000001", "nie", sid: "SMdup");

        Assert.Single(await silo.MessagesAsync("p1"), e => e.GetProperty("direction").GetString() == "in");
    }

    [Fact]
    public async Task Sms_FromAClinicWithItsOwnNumber_IsSentFromIt()
    {
        (await silo.Admin.PostAsJsonAsync("/clinics", new
        {
            id = "second",
            name = "Second Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl" },
            smsSender = "+48333000000",
            recallRules = new[] { new { type = "hygiene", name = "Hygiene", serviceCodes = new[] { "D1110" }, intervalMonths = 6 } },
        })).EnsureSuccessStatusCode();
        (await silo.Admin.PostAsJsonAsync("/clinics/second/patients", new { id = "p1", firstName = "Ewa", lastName = "Nowak", phone = "+48601000002" })).EnsureSuccessStatusCode();
        (await silo.Admin.PostAsJsonAsync("/clinics/second/patients/p1/visits", new { date = "2026-01-05", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");

        await silo.AdvanceToAsync(NoticeAt.AddHours(1));

        Assert.Equal("+48333000000", silo.Twilio.Requests.Single(r => r.Form["To"] == "+48601000002").Form["From"]);
        Assert.Equal("+48222000000", silo.Twilio.Requests.Single(r => r.Form["To"] == "+48601000001").Form["From"]); // The silo-wide default.
    }

    [Fact]
    public async Task Inbound_NotAForm_Is403()
    {
        var response = await silo.Admin.PostAsJsonAsync("/webhooks/twilio/inbound/hooks", new { From = "+48601000001", Body = "STOP" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Inbound_Unsigned_Is403AndChangesNothing()
    {
        var form = TwilioSilo.InboundForm("+48601000001", "STOP", "SMforged");
        var forged = TwilioRequestSigner.Sign("wrong-token", TwilioSilo.PublicBase + "webhooks/twilio/inbound/hooks", form);

        var response = await silo.PostWebhookAsync(TwilioSilo.PublicBase + "webhooks/twilio/inbound/hooks", form, forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, silo.Database.Scalar("SELECT COUNT(*) FROM sms_opt_outs"));
    }
}

/// <summary>When SMS cannot reach a patient for good, email takes over; with no channel left, staff do.</summary>
public sealed class TwilioFallbackTests : IAsyncLifetime
{
    private static readonly DateTimeOffset NoticeAt = new(2026, 7, 5, 6, 0, 0, TimeSpan.Zero);
    private TwilioSilo silo = null!;

    public async Task InitializeAsync() => silo = await TwilioSilo.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Landline_IsNeverTexted_TheNoticeGoesByEmail()
    {
        await silo.CreatePatientAsync("p1", "22 100 00 01", "anna@example.com", "2026-01-05"); // A Warsaw landline.

        await silo.AdvanceToAsync(NoticeAt.AddDays(2));

        Assert.Empty(silo.Twilio.Requests);
        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE channel = 'email' AND recipient = 'anna@example.com'"));
        var patient = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1");
        Assert.Equal("+48221000001", patient.GetProperty("profile").GetProperty("phone").GetString());
        Assert.Equal("landline", patient.GetProperty("phoneLineType").GetString());
    }

    [Fact]
    public async Task Landline_WithoutEmail_IsATaskToCall_NotAText()
    {
        await silo.CreatePatientAsync("p1", "+48 22 100 00 01", null, "2026-01-05");

        await silo.AdvanceToAsync(NoticeAt.AddDays(2));

        Assert.Empty(silo.Twilio.Requests);
        var tasks = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1/tasks");
        var call = Assert.Single(tasks.EnumerateArray(), t => t.GetProperty("step").GetString() == "hard-to-reach");
        Assert.Contains("landline", call.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sms_TwilioSaysLandline_FallsBackToEmail()
    {
        silo.Twilio.Then(400, """{"code": 21635, "message": "The 'To' number is a landline.", "status": 400}""");
        await silo.CreatePatientAsync("p1", "+48601000001", "anna@example.com", "2026-01-05");

        await silo.AdvanceToAsync(NoticeAt.AddDays(2));

        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE channel = 'email' AND recipient = 'anna@example.com'"));
        var recall = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1/recalls");
        Assert.Equal("contacted", recall.GetProperty("cycles")[0].GetProperty("status").GetString());
        var hard = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?hardToReach=true");
        Assert.Equal(0, hard.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sms_RefusedAsOptedOut_MarksTheNumberAndEmailsInstead()
    {
        silo.Twilio.Then(400, """{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}""");
        await silo.CreatePatientAsync("p1", "+48601000001", "anna@example.com", "2026-01-05");

        await silo.AdvanceToAsync(NoticeAt.AddDays(2));

        var phone = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/phones/%2B48601000001");
        Assert.True(phone.GetProperty("optedOut").GetBoolean());
        Assert.Equal("twilio:21610", Assert.Single(phone.GetProperty("consentChanges").EnumerateArray()).GetProperty("source").GetString());
        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE channel = 'email'"));
    }

    [Fact]
    public async Task Sms_InvalidNumberAndNoEmail_PutsThePatientOnTheHardToReachList()
    {
        silo.Twilio.Then(400, """{"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}""");
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");

        await silo.AdvanceToAsync(NoticeAt.AddDays(2));

        var hard = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?hardToReach=true");
        var listed = Assert.Single(hard.GetProperty("items").EnumerateArray());
        Assert.Equal(("p1", true), (listed.GetProperty("patientId").GetString(), listed.GetProperty("hardToReach").GetBoolean()));
        Assert.Equal(0, silo.Database.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
    }
}
