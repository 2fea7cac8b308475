using System.Security.Cryptography;
using System.Text;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>
/// Signs a request as Twilio does (messaging.md): HMAC-SHA1 keyed with the auth token over the URL
/// and every parameter's name and value, sorted by name and then by value (ordinal), Base64. Written
/// from the specification, apart from the SDK the product validates with, so each checks the other.
/// Also compiled into Api.Tests.
/// </summary>
public static class TwilioRequestSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio signs with HMAC-SHA1.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }
}
