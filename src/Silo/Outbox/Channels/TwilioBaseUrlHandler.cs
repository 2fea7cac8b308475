namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// Sends the Twilio SDK's requests to Twilio:BaseUrl. The SDK always builds https://api.twilio.com
/// URLs (its region and edge settings only change the host name within twilio.com), so a fake Twilio
/// on loopback, or a proxy, is reached by rewriting the scheme, host and port here; the path is kept.
/// </summary>
internal sealed class TwilioBaseUrlHandler(Uri baseUrl) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(baseUrl, uri.PathAndQuery.TrimStart('/'));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
