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
/// Twilio's status callbacks through the real HTTP pipeline: a recall notice goes out through the
/// fake Twilio, then signed callbacks come back, repeated and out of order.
/// </summary>
public sealed class TwilioWebhookTests : IAsyncLifetime
{
    private const string AuthToken = "token-456";
    private const string AdminKey = "webhook-test-admin-key-0123456789";
    private readonly TestDatabase database = TestDatabase.Create(StorageProvider.Sqlite);
    private FakeTwilio twilio = null!;
    private WebApplicationFactory<Program> factory = null!;
    private HttpClient admin = null!;

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
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await factory.DisposeAsync();
        await twilio.DisposeAsync();
    }

    [Fact]
    public async Task StatusCallback_Signed_RecordsHowFarTheMessageGot()
    {
        var callback = await SendRecallNoticeAsync();

        Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(callback, "sent")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(callback, "delivered")).StatusCode);

        var attempt = await ContactAttemptAsync();
        Assert.Equal("delivered", attempt.GetProperty("delivery").GetString());
        Assert.Equal("SMnotice", attempt.GetProperty("providerMessageId").GetString());
    }

    [Fact]
    public async Task StatusCallback_OutOfOrderAndRepeated_NeverGoesBack()
    {
        var callback = await SendRecallNoticeAsync();

        await PostCallbackAsync(callback, "delivered");
        await PostCallbackAsync(callback, "sent");
        await PostCallbackAsync(callback, "delivered");
        await PostCallbackAsync(callback, "undelivered", errorCode: "30003");

        Assert.Equal("delivered", (await ContactAttemptAsync()).GetProperty("delivery").GetString());
        Assert.Equal(3, database.Scalar("SELECT delivery_stage FROM outbox"));
    }

    [Theory]
    [InlineData("wrong-signature")]
    [InlineData(null)]
    public async Task StatusCallback_BadOrMissingSignature_Is403AndChangesNothing(string? signature)
    {
        var callback = await SendRecallNoticeAsync();

        var response = await PostCallbackAsync(callback, "delivered", signature: signature ?? "", sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await ContactAttemptAsync()).TryGetProperty("delivery", out var delivery) && delivery.ValueKind != JsonValueKind.Null);
        Assert.Equal(0, database.Scalar("SELECT COUNT(*) FROM outbox WHERE delivery_stage IS NOT NULL"));
    }

    [Fact]
    public async Task StatusCallback_SignedForAnotherUrl_Is403()
    {
        var callback = await SendRecallNoticeAsync();
        var otherUrl = callback.Replace("outbox=", "outbox=9", StringComparison.Ordinal);

        var response = await PostCallbackAsync(callback, "delivered", signature: Sign(otherUrl, "delivered", null), sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StatusCallback_UnknownMessage_Is404()
    {
        await SendRecallNoticeAsync();

        var response = await PostCallbackAsync("https://recall.example.com/webhooks/twilio/status?outbox=999", "delivered");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task StatusCallback_ForAnUncertainSend_SettlesItAsSentWithoutResending()
    {
        twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        var callback = await SendRecallNoticeAsync();
        Assert.Equal(1, database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'uncertain'"));

        await PostCallbackAsync(callback, "sent");

        var recall = await admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1/recalls");
        Assert.Equal("contacted", recall.GetProperty("cycles")[0].GetProperty("status").GetString());
        Assert.Equal("sent", Assert.Single(recall.GetProperty("contactAttempts").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal(1, database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"));
        Assert.Single(twilio.Requests);
    }

    /// <summary>A patient whose hygiene recall falls due; the clock passes the due date; the notice goes to Twilio. Returns its callback URL.</summary>
    private async Task<string> SendRecallNoticeAsync()
    {
        twilio.Then(201, """{"sid": "SMnotice", "status": "queued"}""");
        (await admin.PostAsJsonAsync("/clinics", new
        {
            id = "hooks",
            name = "Smile Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl" },
            recallRules = new[] { new { type = "hygiene", name = "Hygiene", serviceCodes = new[] { "D1110" }, intervalMonths = 6 } },
        })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/clinics/hooks/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak", phone = "+48601000001" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/clinics/hooks/patients/p1/visits", new { date = "2026-01-05", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { days = 200 })).EnsureSuccessStatusCode();
        var (_, form) = twilio.Requests.Single(r => r.Form["Body"].Contains("Smile Dental", StringComparison.Ordinal));
        // Settle first so that the test's callbacks are not racing the notice's own outcome.
        await admin.GetAsync("/clinics/hooks/patients/p1/recalls");
        return form["StatusCallback"];
    }

    private async Task<HttpResponseMessage> PostCallbackAsync(string url, string status, string? errorCode = null, string? signature = null, bool sign = true)
    {
        var uri = new Uri(url);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri.PathAndQuery) { Content = new FormUrlEncodedContent(Form(status, errorCode)) };
        request.Headers.Add("X-Twilio-Signature", sign ? Sign(url, status, errorCode) : signature);
        using var client = factory.CreateClient();
        return await client.SendAsync(request);
    }

    private static string Sign(string url, string status, string? errorCode) => TwilioSignature.Compute(AuthToken, url, Form(status, errorCode));

    private static List<KeyValuePair<string, string>> Form(string status, string? errorCode)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", "SMnotice"), new("MessageStatus", status), new("AccountSid", "AC123"), new("To", "+48601000001"),
            new("From", "+48222000000"), new("ApiVersion", "2010-04-01"),
        };
        if (errorCode is not null)
        {
            form.Add(new("ErrorCode", errorCode));
        }

        return form;
    }

    private async Task<JsonElement> ContactAttemptAsync()
    {
        var recall = await admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1/recalls");
        return Assert.Single(recall.GetProperty("contactAttempts").EnumerateArray());
    }
}
