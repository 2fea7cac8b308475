using System.Security.Claims;
using Recall.Api.Security;
using Recall.Grains.Staff;

namespace Recall.Api.Staff;

/// <summary>
/// The claims of a staff session cookie. The role claim is deliberately not <see cref="ClaimTypes.Role"/>:
/// that one carries the admin key's "admin" role, and a clinic's Admin must never become the
/// operator of every clinic.
/// </summary>
public static class StaffClaims
{
    public const string UserName = "staff_user";
    public const string Role = "staff_role";
    public const string SessionStamp = "staff_stamp";

    public static ClaimsPrincipal Principal(string clinicId, StaffSession session) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, $"{clinicId}/{session.UserName}"),
        new Claim(ClaimTypes.Name, $"staff:{session.UserName}"),
        new Claim(ApiKeyAuthenticationHandler.ClinicClaim, clinicId),
        new Claim(UserName, session.UserName),
        new Claim(Role, session.Role.ToString()),
        new Claim(SessionStamp, session.SessionStamp),
        new Claim("staff_display", session.DisplayName),
    ], StaffAuthentication.CookieScheme));

    /// <summary>The staff role of a signed-in staff member; null for API keys and anonymous callers.</summary>
    public static StaffRole? StaffRole(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: StaffAuthentication.CookieScheme }
        && Enum.TryParse<StaffRole>(user.FindFirstValue(Role), out var role) ? role : null;

    public static bool IsStaff(this ClaimsPrincipal user) => user.StaffRole() is not null;

    public static string? ClinicId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.ClinicClaim);

    public static string? StaffUserName(this ClaimsPrincipal user) => user.FindFirstValue(UserName);

    public static string? StaffDisplayName(this ClaimsPrincipal user) => user.FindFirstValue("staff_display");

    /// <summary>
    /// Who did it, for the record: a signed-in staff member is always themselves (a request's "by"
    /// cannot act in a colleague's name); an integration key may name the person it acts for.
    /// </summary>
    /// <remarks>Staff are named with their unique user name too ("Fiona Desk (desk)"): display names may repeat, and claims compare names.</remarks>
    public static string ActorName(this ClaimsPrincipal user, string? claimed) =>
        user.IsStaff() ? $"{user.StaffDisplayName()} ({user.StaffUserName()})"
        : string.IsNullOrWhiteSpace(claimed) ? user.Identity?.Name ?? "unknown" : claimed.Trim();
}
