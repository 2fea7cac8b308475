using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Recall.Api.Webhooks.Twilio;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// SMS through the Twilio SDK: one <see cref="MessageResource.CreateAsync(CreateMessageOptions, ITwilioRestClient)"/>
/// per message, with a StatusCallback that carries the outbox id, over our own HttpClient (named
/// <see cref="HttpClientName"/>: its timeout is Twilio:RequestTimeout, and it reaches Twilio:BaseUrl).
/// The rules of sending are ours, since the create call is not idempotent: only what provably never
/// reached Twilio (connection refused, 429) is retried; other 4xx are permanent (the code names why:
/// 21211 invalid number, 21610 opted out, 21635 landline, ...); a 5xx or a timeout may or may not
/// have created the message, so it is reported as uncertain instead of being sent again.
/// </summary>
public sealed class TwilioSmsChannel(IHttpClientFactory httpClients, IOptions<TwilioOptions> options) : IOutboxChannel, IUncertainSendCheck
{
    /// <summary>How far Twilio's clock may be from ours when matching a message's creation time.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const string HttpClientName = "twilio";

    public string Name => "sms";

    public bool IsIdempotent => false;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // A client per send: the answer's status and headers are read from it afterwards (LastResponse), which a shared one would mix up.
        var http = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName));
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: http);
        try
        {
            // The SDK takes no cancellation token: on shutdown the call is abandoned (it still ends at the HttpClient's timeout),
            // and the attempt the dispatcher marked as started makes the row uncertain, as a cancelled request would.
            var created = await MessageResource.CreateAsync(Create(message, settings), client).WaitAsync(cancellationToken);
            return new ChannelResult.Sent(created.Sid);
        }
        catch (ApiConnectionException e) when (!cancellationToken.IsCancellationRequested)
        {
            return NeverConnected(e)
                ? new ChannelResult.TransientFailure($"Twilio unreachable: {e.InnerException?.Message ?? e.Message}") // Nothing reached Twilio: safe to retry.
                : new ChannelResult.Uncertain($"No answer from Twilio ({e.InnerException?.GetType().Name ?? e.Message}); the message may have been created.");
        }
        catch (ApiException e)
        {
            // Status is 0 when the error body was not Twilio's JSON; the HTTP status is still known.
            var status = e.Status != 0 ? (HttpStatusCode)e.Status : http.LastResponse?.StatusCode ?? HttpStatusCode.InternalServerError;
            var error = e.Code != 0 ? $"{e.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {e.Message}" : e.Message;
            return status switch
            {
                HttpStatusCode.TooManyRequests => new ChannelResult.TransientFailure($"429 {error}", http.LastResponse?.Headers?.RetryAfter?.Delta),
                >= HttpStatusCode.InternalServerError => new ChannelResult.Uncertain($"{(int)status} {error}; the message may have been created."),
                _ => new ChannelResult.PermanentFailure(error),
            };
        }
    }

    /// <summary>
    /// Asks Twilio's message list for the number whether an uncertain message was created: the same
    /// text to the same number, created no earlier than its outbox row. (Twilio keeps no id of ours
    /// on a message; the status callback URL that carries the outbox id is not in the list.)
    /// </summary>
    public async Task<SendCheck> FindAsync(UncertainSend send, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        try
        {
            var listed = await MessageResource.ReadAsync(new ReadMessageOptions { To = new PhoneNumber(send.Message.Recipient), PageSize = 50, Limit = 50 }, client)
                .WaitAsync(cancellationToken);
            var created = send.CreatedAt - ClockSkew;
            var match = listed.FirstOrDefault(m => m.Body == send.Message.Body && (m.DateCreated is null || m.DateCreated >= created.UtcDateTime));
            if (match is null)
            {
                return new SendCheck.NotFound();
            }

            return new SendCheck.Found(match.Sid, TwilioWebhooks.Stage(match.Status?.ToString() ?? "") ?? DeliveryStage.Queued);
        }
        catch (Exception e) when (e is ApiConnectionException or ApiException && !cancellationToken.IsCancellationRequested)
        {
            return new SendCheck.Unknown(e.Message);
        }
    }

    private static CreateMessageOptions Create(OutboxEntry message, TwilioOptions settings)
    {
        var create = new CreateMessageOptions(new PhoneNumber(message.Recipient)) { Body = message.Body };
        // The clinic's own sender when it has one (so replies come back to it), else the silo-wide one.
        var sender = message.Sender ?? (string.IsNullOrWhiteSpace(settings.MessagingServiceSid) ? settings.From! : settings.MessagingServiceSid);
        if (sender.StartsWith("MG", StringComparison.Ordinal))
        {
            create.MessagingServiceSid = sender;
        }
        else
        {
            create.From = new PhoneNumber(sender);
        }

        if (settings.PublicBaseUrl is { } publicBase)
        {
            create.StatusCallback = new Uri(publicBase, $"webhooks/twilio/status?outbox={message.Id}");
        }

        return create;
    }

    /// <summary>
    /// The request never left, so it cannot have created a message: no such host, the connection refused or
    /// never opened, or its TLS handshake failed (HttpClient says which stage failed; a pooled connection found
    /// dead before the request was written is retried by HttpClient itself on a new one).
    /// </summary>
    private static bool NeverConnected(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }
                or SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound }
                or System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
