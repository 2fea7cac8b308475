using System.Security.Cryptography;
using System.Text;

namespace Recall.Api.Webhooks.Twilio;

/// <summary>
/// Twilio's webhook signature (X-Twilio-Signature): HMAC-SHA1, keyed with the auth token, over the
/// full public URL followed by every form parameter's name and value, sorted by name (ordinal) and
/// then by value, Base64-encoded. Twilio may sign the URL with or without the default port, so both
/// forms are accepted. Compared in constant time.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio signs with HMAC-SHA1; verifying its signature needs the same algorithm.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public static bool IsValid(string authToken, string url, IReadOnlyCollection<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(signature);
        return UrlForms(url).Any(form => CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(Compute(authToken, form, parameters))));
    }

    /// <summary>The URL as given, with the scheme's default port added, and with it removed.</summary>
    private static IEnumerable<string> UrlForms(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort)
        {
            yield break;
        }

        var withPort = new UriBuilder(uri) { Port = uri.Port }.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped);
        var withoutPort = new UriBuilder(uri) { Port = -1 }.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped);
        var explicitPort = $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.PathAndQuery}";
        foreach (var form in new[] { withPort, withoutPort, explicitPort }.Distinct(StringComparer.Ordinal).Where(f => f != url))
        {
            yield return form;
        }
    }
}
