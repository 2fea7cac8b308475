using Microsoft.Extensions.DependencyInjection;
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
/// The whole product (Program, real HTTP pipeline) on SQLite and the manual clock (starting
/// 2026-01-05 06:00 UTC), sending SMS to a fake Twilio on loopback, with a clinic "hooks"
/// (Europe/Warsaw, hygiene every 6 months). Helpers sign webhooks as Twilio would.
/// </summary>
public sealed class TwilioSilo : IAsyncDisposable
{
    public const string AuthToken = "token-456";
    public const string PublicBase = "https://recall.example.com/";
    private const string AdminKey = "twilio-test-admin-key-0123456789";
    private readonly WebApplicationFactory<Program> factory;
    private int sids;

    private TwilioSilo(FakeTwilio twilio, WebApplicationFactory<Program> factory, TestDatabase database)
    {
        Twilio = twilio;
        this.factory = factory;
        Database = database;
        Admin = factory.CreateClient();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public FakeTwilio Twilio { get; }

    public TestDatabase Database { get; }

    public HttpClient Admin { get; }

    public static async Task<TwilioSilo> StartAsync()
    {
        var twilio = await FakeTwilio.StartAsync();
        var database = TestDatabase.Create(StorageProvider.Sqlite);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.ConfigureLogging(logging => logging.ClearProviders());
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Api:AdminKey"] = AdminKey,
                ["Storage:Sqlite:Path"] = database.SqlitePath!,
                ["Clock:Mode"] = "Manual",
                ["Orleans:SiloPort"] = "0",
                ["Clock:Start"] = "2026-01-05T06:00:00Z",
                ["Twilio:AccountSid"] = "AC123",
                ["Twilio:AuthToken"] = AuthToken,
                ["Twilio:From"] = "+48222000000",
                ["Twilio:BaseUrl"] = twilio.BaseUrl.ToString(),
                ["Twilio:PublicBaseUrl"] = PublicBase,
            })
            {
                web.UseSetting(key, value);
            }
        });
        var silo = new TwilioSilo(twilio, factory, database);
        // Twilio dates its messages by the clock the silo runs on.
        twilio.Clock = factory.Services.GetRequiredKeyedService<TimeProvider>(Recall.Grains.RecallClock.Key);
        (await silo.Admin.PostAsJsonAsync("/clinics", new
        {
            id = "hooks",
            name = "Smile Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl", "en" },
            recallRules = new[] { new { type = "hygiene", name = "Hygiene", serviceCodes = new[] { "D1110" }, intervalMonths = 6 } },
        })).EnsureSuccessStatusCode();
        return silo;
    }

    public async Task CreatePatientAsync(string id, string? phone, string? email, string lastVisit)
    {
        (await Admin.PostAsJsonAsync("/clinics/hooks/patients", new { id, firstName = "Anna", lastName = "Nowak", phone, email })).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync($"/clinics/hooks/patients/{id}/visits", new { date = lastVisit, serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
    }

    public async Task AdvanceToAsync(DateTimeOffset to) =>
        (await Admin.PostAsJsonAsync("/admin/clock/advance", new { to })).EnsureSuccessStatusCode();

    public async Task<List<JsonElement>> MessagesAsync(string patientId) =>
        [.. (await Admin.GetFromJsonAsync<JsonElement>($"/clinics/hooks/patients/{patientId}/messages")).EnumerateArray()];

    /// <summary>Posts a form to a webhook as Twilio would: signed over the public URL, unless a signature is given.</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string publicUrl, List<KeyValuePair<string, string>> form, string? signature = null)
    {
        var uri = new Uri(publicUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri.PathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioRequestSigner.Sign(AuthToken, publicUrl, form));
        using var client = factory.CreateClient();
        return await client.SendAsync(request);
    }

    /// <summary>An SMS from <paramref name="from"/> to the clinic's inbound webhook; expects 200.</summary>
    public async Task<HttpResponseMessage> TextClinicAsync(string from, string body, string? sid = null)
    {
        var response = await PostWebhookAsync(PublicBase + "webhooks/twilio/inbound/hooks", InboundForm(from, body, sid ?? $"SMin{Interlocked.Increment(ref sids)}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    public static List<KeyValuePair<string, string>> InboundForm(string from, string body, string sid) =>
    [
        new("MessageSid", sid), new("From", from), new("To", "+48222000000"), new("Body", body), new("NumMedia", "0"), new("AccountSid", "AC123"),
    ];

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await factory.DisposeAsync();
        await Twilio.DisposeAsync();
    }
}
