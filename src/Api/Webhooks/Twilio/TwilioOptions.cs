using Microsoft.Extensions.Options;

namespace Recall.Api.Webhooks.Twilio;

/// <summary>
/// Twilio for SMS. Bound from "Twilio"; without an AccountSid the product sends SMS to the sandbox
/// channel instead. The auth token is a secret: set it through the environment (Twilio__AuthToken).
/// </summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>The sending number (E.164), or leave empty and set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>Twilio's API; tests point it at a fake server on loopback.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    private Uri? publicBaseUrl;

    /// <summary>
    /// The public URL Twilio reaches this product at (behind a proxy, not what Kestrel sees), for
    /// status callbacks and signatures. A trailing slash is added, so a base with a path keeps it.
    /// </summary>
    public Uri? PublicBaseUrl
    {
        get => publicBaseUrl;
        set => publicBaseUrl = value is null || value.OriginalString.EndsWith('/') ? value : new Uri(value.OriginalString + "/");
    }

    /// <summary>How long a create call may take before its outcome counts as uncertain.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid);
}

/// <summary>When Twilio is configured at all, everything it needs must be: said at start-up, naming the setting.</summary>
public sealed class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            missing.Add("Twilio:AuthToken is required with Twilio:AccountSid.");
        }

        if (string.IsNullOrWhiteSpace(options.From) && string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            missing.Add("Twilio:From (an E.164 number) or Twilio:MessagingServiceSid is required with Twilio:AccountSid.");
        }

        if (options.PublicBaseUrl is null)
        {
            missing.Add("Twilio:PublicBaseUrl (where Twilio reaches this product, e.g. https://recall.example.com) is required with Twilio:AccountSid.");
        }

        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }
}
