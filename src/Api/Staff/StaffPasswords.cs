using Microsoft.AspNetCore.Identity;
using Recall.Grains.Hosting;
using Recall.Grains.Staff;

namespace Recall.Api.Staff;

/// <summary>
/// Passwords are hashed by ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, 100,000
/// iterations, per-password salt, versioned format so a stronger setting rehashes on next sign-in).
/// The grain only ever sees hashes.
/// </summary>
public static class StaffPasswords
{
    private static readonly PasswordHasher<StaffSession> Hasher = new();

    /// <summary>A hash of a password nobody has, verified when the user does not exist so a miss costs as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>True when the password matches; <paramref name="rehashed"/> is set when the stored hash should be upgraded.</summary>
    public static bool Verify(string? hash, string password, out string? rehashed)
    {
        rehashed = null;
        var result = Hasher.VerifyHashedPassword(null!, hash ?? DecoyHash, password);
        if (hash is null)
        {
            return false;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            rehashed = Hash(password);
        }

        return result != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// NIST SP 800-63B: length matters, composition rules do not. At least 12 characters (the
    /// clinic holds health data), at most 128, and not the user name.
    /// </summary>
    public static void Check(string? password, string? userName, ValidationErrors errors, string field = "password")
    {
        if (password is null || password.Length < 12)
        {
            errors.Add(field, "The password is at least 12 characters; a few unrelated words make a good one.");
        }
        else if (password.Length > 128)
        {
            errors.Add(field, "The password is at most 128 characters.");
        }
        else if (string.Equals(password.Trim(), userName?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, "The password must not be the user name.");
        }
    }
}
