using System.Security.Cryptography;
using System.Text;

namespace Recall.Api.Security;

/// <summary>
/// Integration API keys look like <c>rk_{keyId}_{secret}</c>. The key id finds the row; only a
/// SHA-256 hash of the secret is stored (the secret is 256 random bits, so a slow hash adds nothing).
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "rk_";

    public static (string KeyId, string Token, string SecretHash) Create()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}", Hash(secret));
    }

    public static bool TryParse(string token, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = token.IndexOf('_', Prefix.Length);
        if (separator <= Prefix.Length || separator == token.Length - 1)
        {
            return false;
        }

        keyId = token[Prefix.Length..separator];
        secret = token[(separator + 1)..];
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares without leaking where the strings differ through timing.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '.');
}
