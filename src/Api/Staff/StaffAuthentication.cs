using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Security;
using Recall.Grains.Hosting;
using Recall.Grains.Staff;

namespace Recall.Api.Staff;

/// <summary>
/// Staff sign in with a session cookie; integrations keep sending API keys. One policy scheme picks
/// per request: a request carrying a key (Authorization or X-Api-Key) is judged by the key alone,
/// one carrying the session cookie by the cookie, and one with neither is challenged as today
/// (401 with WWW-Authenticate: Bearer), so integrations see no change.
/// </summary>
public static class StaffAuthentication
{
    public const string DefaultScheme = "ApiKeyOrStaff";
    public const string CookieScheme = "StaffCookie";
    public const string CookieName = "recall.session";
    public const string CsrfHeader = "X-CSRF-TOKEN";

    /// <summary>The admin key, or a signed-in staff member (whose role the permission table then checks).</summary>
    public const string AdminKeyOrStaffPolicy = "admin-key-or-staff";

    public static AuthenticationBuilder AddStaffSessions(this AuthenticationBuilder authentication)
    {
        authentication.AddPolicyScheme(DefaultScheme, "API key or staff session", options => options.ForwardDefaultSelector = SelectScheme);
        authentication.AddCookie(CookieScheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the request came over HTTPS.
            options.ExpireTimeSpan = TimeSpan.FromHours(10); // A working day; sliding, so an idle session ends that long after its last use.
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
            // An API answers with problem details, never a redirect to a login page.
            options.Events.OnRedirectToLogin = context => Problem(context.HttpContext, StatusCodes.Status401Unauthorized, "Please sign in.",
                "The session has ended or is not valid any more.");
            options.Events.OnRedirectToAccessDenied = context => Problem(context.HttpContext, StatusCodes.Status403Forbidden, "Your role may not do this.",
                "Ask an admin if you need it.");
        });
        authentication.Services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfHeader;
            options.Cookie.Name = "recall.csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminKeyOrStaffPolicy, policy => policy.RequireAssertion(context => context.User.IsAdmin() || context.User.IsStaff()));
        return authentication;
    }

    private static string SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0 && !context.Request.Headers.ContainsKey("X-Api-Key") && context.Request.Cookies.ContainsKey(CookieName)
            ? CookieScheme
            : ApiKeyAuthenticationHandler.SchemeName;

    /// <summary>
    /// Every request re-checks the session against the staff directory (a read of an activation in
    /// memory): a disabled user, a changed role or a new password ends the session at once rather
    /// than when the cookie expires.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var clinicId = principal.ClinicId();
        var userName = principal.StaffUserName();
        StaffSession? session = null;
        if (clinicId is not null && userName is not null)
        {
            session = await context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>()
                .GetGrain<IStaffDirectoryGrain>(clinicId).GetSessionAsync(userName);
        }

        if (session is null || session.SessionStamp != principal.FindFirst(StaffClaims.SessionStamp)?.Value
            || session.Role.ToString() != principal.FindFirst(StaffClaims.Role)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    internal static Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }

    /// <summary>
    /// CSRF: a cookie is sent by the browser whoever made the page, so every unsafe request made with
    /// the session cookie (and sign-in and set-up themselves) must also carry the antiforgery token
    /// the page read from GET /staff/session. Key-authenticated requests are exempt: a browser never
    /// adds an Authorization header on its own. SameSite=Strict is the second line of defence.
    /// </summary>
    public static async Task CheckCsrfAsync(HttpContext context, Func<Task> next)
    {
        var unsafeMethod = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
        var metadata = context.GetEndpoint()?.Metadata;
        var needsToken = unsafeMethod && metadata?.GetMetadata<StaffSessionIgnoredMetadata>() is null
            && (context.User.IsStaff() || metadata?.GetMetadata<CsrfProtectedMetadata>() is not null);
        if (needsToken)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await Problem(context, StatusCodes.Status403Forbidden, "The request's CSRF token is missing or wrong.",
                    $"Send the {CsrfHeader} header with the token from GET /staff/session (reload the page to get a fresh one).");
                return;
            }
        }

        await next();
    }
}

/// <summary>Marks an anonymous endpoint (sign-in, set-up) whose unsafe requests still need the CSRF token.</summary>
public sealed class CsrfProtectedMetadata;

/// <summary>
/// Marks an endpoint that acts on its own signed token, never on the staff session (the patient pages):
/// a staff member's browser sends its cookie along, but nothing there is done in their name.
/// </summary>
public sealed class StaffSessionIgnoredMetadata;
