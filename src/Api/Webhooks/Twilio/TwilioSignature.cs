using Twilio.Security;

namespace Recall.Api.Webhooks.Twilio;

/// <summary>
/// Checks Twilio's webhook signature (X-Twilio-Signature) with the SDK's <see cref="RequestValidator"/>,
/// which accepts the URL signed with or without the scheme's default port and compares in constant time.
/// </summary>
public static class TwilioSignature
{
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        return new RequestValidator(authToken).Validate(url, SignedValues(parameters), signature);
    }

    /// <summary>
    /// One value per name, as the validator takes them. Twilio signs a repeated name once per value,
    /// values in ordinal order (name, value, name, value, ...); the validator appends name then value,
    /// so the values joined by the name sign exactly that (its own NameValueCollection overload joins
    /// them with commas, which no signature matches).
    /// </summary>
    private static Dictionary<string, string> SignedValues(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(
            name => name.Key,
            name => string.Join(name.Key, name.Select(p => p.Value).Order(StringComparer.Ordinal)),
            StringComparer.Ordinal);
}
