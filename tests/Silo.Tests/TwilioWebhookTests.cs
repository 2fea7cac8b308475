using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recall.Api.Webhooks.Twilio;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// Twilio's status callbacks through the real HTTP pipeline: a recall notice goes out through the
/// fake Twilio, then signed callbacks come back, repeated and out of order.
/// </summary>
public sealed class TwilioWebhookTests : IAsyncLifetime
{
    private TwilioSilo silo = null!;

    public async Task InitializeAsync() => silo = await TwilioSilo.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

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
        Assert.Equal(3, silo.Database.Scalar("SELECT delivery_stage FROM outbox"));
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
        Assert.Equal(0, silo.Database.Scalar("SELECT COUNT(*) FROM outbox WHERE delivery_stage IS NOT NULL"));
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
        silo.Twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        var callback = await SendRecallNoticeAsync();
        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'uncertain'"));

        await PostCallbackAsync(callback, "sent");

        var recall = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1/recalls");
        Assert.Equal("contacted", recall.GetProperty("cycles")[0].GetProperty("status").GetString());
        Assert.Equal("sent", (await ContactAttemptAsync()).GetProperty("outcome").GetString());
        Assert.Equal(1, silo.Database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"));
        Assert.Single(silo.Twilio.Requests);
    }

    [Fact]
    public async Task UncertainSend_NeverConfirmed_NorCheckable_GoesToStaffAfterAnHour()
    {
        silo.Twilio.ListFails = true; // Twilio cannot say whether it has the message, and no callback comes.
        silo.Twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        await SendRecallNoticeAsync();
        Assert.Equal("recallSms/clinic default", (await ContactAttemptAsync()).GetProperty("template").GetString());
        await silo.AdvanceToAsync(new DateTimeOffset(2026, 7, 23, 6, 5, 0, TimeSpan.Zero)); // Past the check: Twilio is asked, and cannot say.
        await TestGrains.Eventually.TrueAsync(() => silo.Twilio.ListReads > 0);

        await silo.AdvanceToAsync(new DateTimeOffset(2026, 7, 23, 8, 0, 0, TimeSpan.Zero));

        var hard = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?hardToReach=true");
        Assert.Equal("p1", Assert.Single(hard.GetProperty("items").EnumerateArray()).GetProperty("patientId").GetString());
        Assert.Single(silo.Twilio.Requests); // Checked by a person, never resent.
    }

    [Fact]
    public async Task UncertainSend_TwilioNeverGotIt_IsSentOnceMore_AndThePatientIsContacted()
    {
        silo.Twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        await SendRecallNoticeAsync();

        await silo.AdvanceToAsync(new DateTimeOffset(2026, 7, 23, 6, 5, 0, TimeSpan.Zero)); // Past the check, minutes after the send.
        await TestGrains.Eventually.TrueAsync(() => silo.Database.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == 1);
        await silo.AdvanceToAsync(new DateTimeOffset(2026, 7, 23, 8, 0, 0, TimeSpan.Zero)); // Past the patient's own check an hour after.

        Assert.Equal(2, silo.Twilio.Requests.Count);
        Assert.Single(silo.Twilio.Messages);
        var recall = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients/p1/recalls");
        Assert.Equal("contacted", recall.GetProperty("cycles")[0].GetProperty("status").GetString());
        var hard = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?hardToReach=true");
        Assert.Equal(0, hard.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task UncertainSend_ConfirmedByACallback_DoesNotGoToStaff()
    {
        silo.Twilio.Then(500, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");
        var callback = await SendRecallNoticeAsync();
        await PostCallbackAsync(callback, "delivered");

        await silo.AdvanceToAsync(new DateTimeOffset(2026, 7, 23, 8, 0, 0, TimeSpan.Zero));

        var hard = await silo.Admin.GetFromJsonAsync<JsonElement>("/clinics/hooks/patients?hardToReach=true");
        Assert.Equal(0, hard.GetProperty("total").GetInt32());
    }

    /// <summary>A patient whose hygiene recall falls due; the clock passes the due date; the notice goes to Twilio. Returns its callback URL.</summary>
    private async Task<string> SendRecallNoticeAsync()
    {
        silo.Twilio.Then(201, """{"sid": "SMnotice", "status": "queued"}""");
        await silo.CreatePatientAsync("p1", "+48601000001", null, "2026-01-05");
        await silo.AdvanceToAsync(new DateTimeOffset(2026, 7, 23, 6, 0, 0, TimeSpan.Zero));
        return silo.Twilio.Requests.Single().Form["StatusCallback"];
    }

    private Task<HttpResponseMessage> PostCallbackAsync(string url, string status, string? errorCode = null, string? signature = null, bool sign = true) =>
        silo.PostWebhookAsync(url, Form(status, errorCode), sign ? null : signature);

    private static string Sign(string url, string status, string? errorCode) => TwilioRequestSigner.Sign(TwilioSilo.AuthToken, url, Form(status, errorCode));

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

    private async Task<JsonElement> ContactAttemptAsync() =>
        Assert.Single(await silo.MessagesAsync("p1"), e => e.GetProperty("direction").GetString() == "out");
}
