using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>Bound from "Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>When set, every webhook carries X-Recall-Signature: sha256=HMAC(secret, body) so receivers can check it came from here.</summary>
    public string? SigningSecret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Posts a JSON body to a URL (the message's recipient): staff notifications to an incoming webhook
/// (Teams, Slack: {"text": ...}) and integration events. Each carries an Idempotency-Key made from
/// its outbox id, so a receiver can drop a resend; that is why this channel counts as idempotent.
/// 2xx is sent; 429, 5xx and no answer are retried; other 4xx are permanent.
/// </summary>
public sealed class WebhookChannel(HttpClient http, IOptions<WebhookOptions> options) : IOutboxChannel
{
    public string Name => "webhook";

    public bool IsIdempotent => true;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Recipient)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", $"outbox-{message.Id}");
        if (options.Value.SigningSecret is { Length: > 0 } secret)
        {
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message.Body)));
            request.Headers.Add("X-Recall-Signature", $"sha256={signature}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            return (int)response.StatusCode switch
            {
                >= 200 and < 300 => new ChannelResult.Sent(null),
                429 or >= 500 => new ChannelResult.TransientFailure($"{(int)response.StatusCode} from the webhook", response.Headers.RetryAfter?.Delta),
                _ => new ChannelResult.PermanentFailure($"{(int)response.StatusCode} from the webhook"),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ChannelResult.TransientFailure($"The webhook did not answer: {e.Message}");
        }
    }
}
