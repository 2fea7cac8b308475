using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recall.Grains.PatientLinks;

/// <summary>
/// Signs and reads patient-link tokens: the link's fields, base64url, a dot, and the first 16 bytes of
/// their HMAC-SHA256 under the deployment's key. No account, no password: holding the token is the
/// right to act on that one patient's one purpose until it expires. Short enough for an SMS.
/// </summary>
public sealed class PatientLinkSigner
{
    private const char Separator = '|';
    private const string Version = "1";
    private const int SignatureBytes = 16;

    private readonly byte[] key;

    public PatientLinkSigner(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("A patient-link key has at least 32 bytes.", nameof(key));
        }

        this.key = key;
    }

    public string Sign(PatientLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        string[] fields = [Version, link.ClinicId, link.PatientId, ((int)link.Purpose).ToString(CultureInfo.InvariantCulture),
            link.Expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), link.Subject ?? ""];
        if (fields.Any(f => f.Contains(Separator, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A patient link's fields never contain '{Separator}'.", nameof(link));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join(Separator, fields));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Signature(payload))}";
    }

    /// <summary>The token's link, and whether it is valid, expired or not ours at all.</summary>
    public LinkCheck Read(string? token, DateTimeOffset now)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || token!.Length > 512)
        {
            return LinkCheck.Invalid;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return LinkCheck.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Signature(payload)))
        {
            return LinkCheck.Invalid;
        }

        var fields = Encoding.UTF8.GetString(payload).Split(Separator);
        if (fields is not [Version, var clinic, var patient, var purposeText, var expiresText, var subject]
            || !int.TryParse(purposeText, NumberStyles.None, CultureInfo.InvariantCulture, out var purpose) || !Enum.IsDefined((LinkPurpose)purpose)
            || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return LinkCheck.Invalid; // Signed by us but of a shape this version does not know.
        }

        var link = new PatientLink(clinic, patient, (LinkPurpose)purpose, DateTimeOffset.FromUnixTimeSeconds(expires), subject.Length == 0 ? null : subject);
        return new LinkCheck(link.Expires <= now ? LinkState.Expired : LinkState.Valid, link);
    }

    private byte[] Signature(byte[] payload) => HMACSHA256.HashData(key, payload)[..SignatureBytes];
}
