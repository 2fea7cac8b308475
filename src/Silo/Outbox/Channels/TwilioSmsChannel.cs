using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Recall.Api.Webhooks.Twilio;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// SMS through Twilio's REST API (the SDK is not available here): one form POST to
/// Messages.json per message, with a StatusCallback that carries the outbox id. A 429 is retried;
/// other 4xx are permanent (the code names why: 21211 invalid number, 21610 opted out, 21635
/// landline, ...); a 5xx or a timeout may or may not have created the message, so it is reported
/// as uncertain instead of being sent again.
/// </summary>
public sealed class TwilioSmsChannel(HttpClient http, IOptions<TwilioOptions> options) : IOutboxChannel
{
    public string Name => "sms";

    public bool IsIdempotent => false;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl, $"2010-04-01/Accounts/{settings.AccountSid}/Messages.json"))
        {
            Content = new FormUrlEncodedContent(Form(message, settings)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound })
        {
            return new ChannelResult.TransientFailure($"Twilio unreachable: {e.Message}"); // Nothing reached Twilio: safe to retry.
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ChannelResult.Uncertain($"No answer from Twilio ({e.GetType().Name}); the message may have been created.");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            return response.StatusCode switch
            {
                HttpStatusCode.Created or HttpStatusCode.OK => new ChannelResult.Sent(ReadString(body, "sid")),
                HttpStatusCode.TooManyRequests => new ChannelResult.TransientFailure($"429 {Error(body)}", response.Headers.RetryAfter?.Delta),
                >= HttpStatusCode.InternalServerError => new ChannelResult.Uncertain($"{(int)response.StatusCode} {Error(body)}; the message may have been created."),
                _ => new ChannelResult.PermanentFailure(Error(body)),
            };
        }
    }

    private static List<KeyValuePair<string, string>> Form(OutboxEntry message, TwilioOptions settings)
    {
        var form = new List<KeyValuePair<string, string>> { new("To", message.Recipient), new("Body", message.Body) };
        // The clinic's own sender when it has one (so replies come back to it), else the silo-wide one.
        form.Add(message.Sender is { } sender
            ? sender.StartsWith("MG", StringComparison.Ordinal) ? new("MessagingServiceSid", sender) : new("From", sender)
            : string.IsNullOrWhiteSpace(settings.MessagingServiceSid) ? new("From", settings.From!) : new("MessagingServiceSid", settings.MessagingServiceSid));
        if (settings.PublicBaseUrl is { } publicBase)
        {
            form.Add(new("StatusCallback", new Uri(publicBase, $"webhooks/twilio/status?outbox={message.Id}").ToString()));
        }

        return form;
    }

    /// <summary>Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}.</summary>
    private static string Error(string body)
    {
        var code = ReadNumber(body, "code");
        var text = ReadString(body, "message") ?? body;
        return code is null ? text : $"{code}: {text}";
    }

    private static string? ReadString(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? ReadNumber(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
