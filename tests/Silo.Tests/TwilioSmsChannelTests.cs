using System.Text;
using Recall.Grains.Hosting;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>SMS through Twilio's REST API, against a fake Twilio on loopback: what is sent, and how each answer is taken.</summary>
public sealed class TwilioSmsChannelTests : IAsyncLifetime
{
    private FakeTwilio twilio = null!;

    public async Task InitializeAsync() => twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync() => await twilio.DisposeAsync();

    [Fact]
    public async Task Send_Created_IsSentWithTheProvidersSidAndACallbackCarryingTheOutboxId()
    {
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-1");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);

        var (authorization, form) = Assert.Single(twilio.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC123:token-456")), authorization);
        Assert.Equal("+48601000000", form["To"]);
        Assert.Equal("+48222000000", form["From"]);
        Assert.Equal("message step-1", form["Body"]);
        var outboxId = silo.Scalar("SELECT id FROM outbox");
        Assert.Equal($"https://recall.example.com/webhooks/twilio/status?outbox={outboxId}", form["StatusCallback"]);
        var result = Assert.Single((await counter.GetAsync()).Results);
        Assert.Equal(OutboxOutcome.Sent, result.Outcome);
        Assert.StartsWith("SM", result.ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RateLimited_IsRetried()
    {
        twilio.Then(429, """{"code": 20429, "message": "Too Many Requests", "status": 429}""");
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-429");

        await counter.SendAsync("sms", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(2, twilio.Requests.Count);
        Assert.Equal((OutboxOutcome.Sent, 2), Assert.Single((await counter.GetAsync()).Results) is var r ? (r.Outcome, r.Attempts) : default);
    }

    [Theory]
    [InlineData(21211, "The 'To' number is not a valid phone number.")]
    [InlineData(21610, "Attempt to send to unsubscribed recipient")]
    [InlineData(21635, "The 'To' number is a landline.")]
    public async Task Send_PermanentError_IsNotRetriedAndTheGrainHearsTheCode(int code, string message)
    {
        twilio.Then(400, $$"""{"code": {{code}}, "message": "{{message}}", "status": 400}""");
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-400");

        await counter.SendAsync("sms", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Single(twilio.Requests);
        var result = Assert.Single((await counter.GetAsync()).Results);
        Assert.Equal(OutboxOutcome.Failed, result.Outcome);
        Assert.StartsWith($"{code}: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerError_TwilioNeverGotIt_IsSentOnceMore_AfterAskingTwilio()
    {
        twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-500");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);
        Assert.Equal(OutboxOutcome.Uncertain, Assert.Single((await counter.GetAsync()).Results).Outcome);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(3)); // Past Outbox:CheckUncertainAfter: Twilio is asked, and has nothing.
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 2);

        Assert.Equal(2, twilio.Requests.Count);
        Assert.Single(twilio.Messages);
        Assert.Equal(OutboxOutcome.Sent, (await counter.GetAsync()).Results[^1].Outcome);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND checked_at IS NOT NULL"));
    }

    [Fact]
    public async Task Send_ServerError_AfterTwilioCreatedIt_IsSettledAsSent_NeverSentAgain()
    {
        twilio.ThenCreatedButAnswers(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-created");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(3));
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 2);

        Assert.Single(twilio.Requests);
        var settled = (await counter.GetAsync()).Results[^1];
        Assert.Equal((OutboxOutcome.Sent, Assert.Single(twilio.Messages).Sid), (settled.Outcome, settled.ProviderMessageId));
        await silo.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Single(twilio.Requests);
    }

    [Fact]
    public async Task Send_UncertainAgainAfterItsOneResend_StaysWithStaff_NeverAThirdSend()
    {
        twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-twice");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(3));
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 2);
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(2, twilio.Requests.Count);
        Assert.Equal(OutboxOutcome.Uncertain, (await counter.GetAsync()).Results[^1].Outcome);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'uncertain' AND checked_at IS NOT NULL"));
    }

    [Fact]
    public async Task Send_NoAnswerInTime_IsUncertain_AndThePatientGetsItOnce()
    {
        twilio.Then(201, """{"sid": "SMlate"}""", delay: TimeSpan.FromSeconds(20));
        await using var silo = await StartSiloAsync(new Dictionary<string, string?> { ["Twilio:RequestTimeout"] = "00:00:01" });
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-timeout");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);

        Assert.Equal(OutboxOutcome.Uncertain, Assert.Single((await counter.GetAsync()).Results).Outcome);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(3));
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 2);
        Assert.Equal(OutboxOutcome.Sent, (await counter.GetAsync()).Results[^1].Outcome);
        // Settled from Twilio's list if the request reached it in time, else sent once more: one message either way.
        Assert.Single(twilio.Messages);
    }

    [Fact]
    public async Task Send_ServerErrorThatIsNotTwilios_IsUncertain()
    {
        twilio.Then(502, "<html>Bad Gateway</html>");
        await using var silo = await StartSiloAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-502");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);

        Assert.Single(twilio.Requests);
        Assert.Equal(OutboxOutcome.Uncertain, Assert.Single((await counter.GetAsync()).Results).Outcome);
    }

    [Fact]
    public async Task Send_ConnectionRefused_NeverLeftSoItIsRetried()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // Nothing listens there now: every connection is refused.
        await using var silo = await StartSiloAsync(new Dictionary<string, string?> { ["Twilio:BaseUrl"] = $"http://127.0.0.1:{port}/" });
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-refused");

        await counter.SendAsync("sms", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Empty((await counter.GetAsync()).Results);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts >= 2 AND last_error LIKE 'Twilio unreachable%'"));
    }

    [Fact]
    public async Task Send_TlsHandshakeFails_NeverLeftSoItIsRetried()
    {
        // HTTPS to a server that speaks plain HTTP: the handshake fails before any request is written.
        var https = new UriBuilder(twilio.BaseUrl) { Scheme = "https" }.Uri;
        await using var silo = await StartSiloAsync(new Dictionary<string, string?> { ["Twilio:BaseUrl"] = https.ToString() });
        var counter = silo.Grains.GetGrain<ICounterGrain>("sms-tls");

        await counter.SendAsync("sms", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Empty((await counter.GetAsync()).Results);
        Assert.Empty(twilio.Messages);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts >= 2 AND last_error LIKE 'Twilio unreachable%'"));
    }

    [Fact]
    public async Task Silo_TwilioHalfConfigured_RefusesToStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(StorageProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC123",
            ["Twilio:From"] = "+48222000000",
        }));

        Assert.Contains("Twilio:AuthToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Twilio:PublicBaseUrl", error.Message, StringComparison.Ordinal);
    }

    private async Task<TestSilo> StartSiloAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC123",
            ["Twilio:AuthToken"] = "token-456",
            ["Twilio:From"] = "+48222000000",
            ["Twilio:BaseUrl"] = twilio.BaseUrl.ToString(),
            ["Twilio:PublicBaseUrl"] = "https://recall.example.com/",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var silo = await TestSilo.StartAsync(StorageProvider.Sqlite, settings: settings);
        twilio.Clock = silo.Clock; // Twilio dates its messages by the same clock the silo runs on.
        return silo;
    }
}
