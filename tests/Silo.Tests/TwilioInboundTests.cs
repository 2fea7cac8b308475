using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
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
    private const string AuthToken = "token-456";
    private const string AdminKey = "inbound-test-admin-key-0123456789";
    private const string InboundUrl = "https://recall.example.com/webhooks/twilio/inbound/hooks";
    private static readonly DateTimeOffset NoticeAt = new(2026, 7, 5, 6, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase database = TestDatabase.Create(StorageProvider.Sqlite);
    private FakeTwilio twilio = null!;
    private WebApplicationFactory<Program> factory = null!;
    private HttpClient admin = null!;
    private int sids;

    public async Task InitializeAsync()
    {
        twilio = await FakeTwilio.StartAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.ConfigureLogging(logging => logging.ClearProviders());
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Api:AdminKey"] = AdminKey,
                ["Storage:Sqlite:Path"] = database.SqlitePath!,
                ["Clock:Mode"] = "Manual",
                ["Clock:Start"] = "2026-01-05T06:00:00Z",
                ["Twilio:AccountSid"] = "AC123",
                ["Twilio:AuthToken"] = AuthToken,
                ["Twilio:From"] = "+48222000000",
                ["Twilio:BaseUrl"] = twilio.BaseUrl.ToString(),
                ["Twilio:PublicBaseUrl"] = "https://recall.example.com/",
            })
            {
                web.UseSetting(key, value);
            }
        });
        admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        (await admin.PostAsJsonAsync("/clinics", new
        {
            id = "hooks",
            name = "Smile Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl", "en" },
            recallRules = new[] { new { type = "hygiene", name = "Hygiene", serviceCodes = new[] { "D1110" }, intervalMonths = 6 } },
        })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await factory.DisposeAsync();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task Stop_ThenADueRecall_NoSmsButEmail()
    {
        await CreatePatientAsync("p1", "+48601000001", "anna@example.com", "2026-01-05");

        var response = await PostInboundAsync("+48601000001", "STOP");
        await AdvanceToAsync(NoticeAt.AddHours(1));

        Assert.Equal("""<?xml version="1.0" encoding="UTF-8"?><Response/>""", await response.Content.ReadAsStringAsync());
        Assert.Empty(twilio.Requests);
        Assert.Equal(1, database.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE channel = 'email' AND recipient = 'anna@example.com'"));
        var phone = await admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/phones/%2B48601000001");
        Assert.True(phone.GetProperty("optedOut").GetBoolean());
        Assert.Equal("sms:STOP", Assert.Single(phone.GetProperty("consentChanges").EnumerateArray()).GetProperty("source").GetString());
    }

    [Fact]
    public async Task Stop_AfterTheNoticeWasQueued_StillStopsIt()
    {
        await CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await AdvanceToAsync(NoticeAt.AddHours(-5)); // Past midnight: the notice is queued for 08:00.
        Assert.Equal(1, database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"));

        await PostInboundAsync("+48601000001", "Stop");
        await AdvanceToAsync(NoticeAt.AddHours(1));

        Assert.Empty(twilio.Requests);
        var log = await MessagesAsync("p1");
        var sent = log.Single(e => e.GetProperty("direction").GetString() == "out");
        Assert.Equal("failed", sent.GetProperty("outcome").GetString());
        Assert.Contains("21610", sent.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AfterStop_TextsAgain()
    {
        await CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");

        await PostInboundAsync("+48601000001", "STOP");
        await PostInboundAsync("+48601000001", "START");
        await AdvanceToAsync(NoticeAt.AddHours(1));

        Assert.Single(twilio.Requests);
        var phone = await admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/phones/%2B48601000001");
        Assert.False(phone.GetProperty("optedOut").GetBoolean());
        Assert.Equal(2, phone.GetProperty("consentChanges").GetArrayLength());
    }

    [Fact]
    public async Task Help_IsAnsweredWithTheClinic()
    {
        var response = await PostInboundAsync("+48601000009", "help");

        var twiml = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Message>Smile Dental: appointment reminders.", twiml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_Tak_ReachesThePatientReadAsYesForStaff()
    {
        await CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await AdvanceToAsync(NoticeAt.AddHours(1));

        await PostInboundAsync("+48601000001", "Tak!");

        var reply = (await MessagesAsync("p1")).Single(e => e.GetProperty("direction").GetString() == "in");
        Assert.Equal(("Tak!", "yes", true), (reply.GetProperty("text").GetString(), reply.GetProperty("meaning").GetString(), reply.GetProperty("needsHuman").GetBoolean()));
    }

    [Fact]
    public async Task Reply_FromANumberAFamilyShares_ReachesThePatientLastTexted()
    {
        await CreatePatientAsync("mum", "+48601000001", null, "2026-01-02");
        await CreatePatientAsync("son", "+48601000001", null, "2026-01-05");
        await AdvanceToAsync(NoticeAt.AddHours(1)); // Mum's notice on 2 July, the son's on 5 July.

        await PostInboundAsync("+48601000001", "ok, kiedy?");

        Assert.DoesNotContain(await MessagesAsync("mum"), e => e.GetProperty("direction").GetString() == "in");
        var reply = (await MessagesAsync("son")).Single(e => e.GetProperty("direction").GetString() == "in");
        Assert.Equal(("unknown", true), (reply.GetProperty("meaning").GetString(), reply.GetProperty("needsHuman").GetBoolean()));
    }

    [Fact]
    public async Task Inbound_SameMessageTwice_IsTakenOnce()
    {
        await CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await AdvanceToAsync(NoticeAt.AddHours(1));

        await PostInboundAsync("+48601000001", "nie", sid: "SMdup");
        await PostInboundAsync("+48601000001", "nie", sid: "SMdup");

        Assert.Single(await MessagesAsync("p1"), e => e.GetProperty("direction").GetString() == "in");
    }

    [Fact]
    public async Task Inbound_Unsigned_Is403AndChangesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound/hooks")
        {
            Content = new FormUrlEncodedContent(Form("+48601000001", "STOP", "SMforged")),
        };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute("wrong-token", InboundUrl, Form("+48601000001", "STOP", "SMforged")));
        using var client = factory.CreateClient();

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, database.Scalar("SELECT COUNT(*) FROM sms_opt_outs"));
    }

    private async Task CreatePatientAsync(string id, string phone, string? email, string lastVisit)
    {
        (await admin.PostAsJsonAsync("/clinics/hooks/patients", new { id, firstName = "Anna", lastName = "Nowak", phone, email })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/clinics/hooks/patients/{id}/visits", new { date = lastVisit, serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
    }

    private async Task AdvanceToAsync(DateTimeOffset to) =>
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { to })).EnsureSuccessStatusCode();

    private async Task<HttpResponseMessage> PostInboundAsync(string from, string body, string? sid = null)
    {
        sid ??= $"SMin{Interlocked.Increment(ref sids)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound/hooks") { Content = new FormUrlEncodedContent(Form(from, body, sid)) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(AuthToken, InboundUrl, Form(from, body, sid)));
        using var client = factory.CreateClient();
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static List<KeyValuePair<string, string>> Form(string from, string body, string sid) =>
    [
        new("MessageSid", sid), new("From", from), new("To", "+48222000000"), new("Body", body), new("NumMedia", "0"), new("AccountSid", "AC123"),
    ];

    private async Task<List<JsonElement>> MessagesAsync(string patientId) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/clinics/hooks/patients/{patientId}/messages")).EnumerateArray()];
}
