using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;
using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Recall.Api.Audit;
using Recall.Api.Security;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Staff;

namespace Recall.Api.Staff;

/// <summary>Staff sessions: who is signed in (with the CSRF token), sign-in with lockout, sign-out, and the one-time set-up of a clinic's first admin.</summary>
public static class StaffSignInApi
{
    public static IEndpointRouteBuilder MapStaffSignInApi(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/staff").AllowAnonymous().WithTags("Staff");
        staff.MapGet("/session", GetSession);
        staff.MapPost("/sign-in", SignIn).WithMetadata(new CsrfProtectedMetadata());
        staff.MapPost("/sign-out", SignOut).WithMetadata(new CsrfProtectedMetadata());
        staff.MapPost("/setup", SetUp).WithMetadata(new CsrfProtectedMetadata());
        return routes;
    }

    /// <summary>The signed-in staff member (or nobody) and the CSRF token the page sends with every change.</summary>
    public static Ok<StaffSessionView> GetSession(HttpContext context, IAntiforgery antiforgery) => TypedResults.Ok(SessionOf(context, antiforgery));

    public static async Task<Results<Ok<StaffSessionView>, ValidationProblem, ProblemHttpResult>> SignIn(
        SignInRequest request, HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, IAuditLog audit, [FromKeyedServices(RecallClock.Key)] TimeProvider time)
    {
        var errors = new ValidationErrors();
        Require(request.ClinicId, "clinicId", "Enter the clinic's id (e.g. 'smile-dental').", errors);
        Require(request.UserName, "userName", "Enter your user name.", errors);
        Require(request.Password, "password", "Enter your password.", errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // One answer for an unknown clinic, an unknown user and a wrong password, so sign-in tells nobody which exist.
        var wrong = TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The clinic, user name or password is wrong.",
            detail: $"After {StaffDirectoryGrain.MaxFailedSignIns} wrong passwords in a row the account is locked for {StaffDirectoryGrain.LockoutDuration.TotalMinutes:0} minutes.");
        var clinicId = request.ClinicId!.Trim().ToLowerInvariant();
        var directory = grains.GetGrain<IStaffDirectoryGrain>(clinicId);
        var candidate = ClinicValidation.Slug().IsMatch(clinicId) ? await directory.FindForSignInAsync(request.UserName!) : null;
        var now = time.GetUtcNow();
        // Sign-ins of the clinic's own users are audited, refused ones too; guesses at unknown names are not anyone's.
        Task Audit(string action) => audit.AppendAsync(clinicId, now, $"staff:{candidate!.UserName}", action, null, null, context.RequestAborted);
        if (candidate?.LockedUntil > now)
        {
            await Audit("sign-in refused: account locked");
            return Locked(context, candidate.LockedUntil.Value, now);
        }

        if (!StaffPasswords.Verify(candidate?.PasswordHash, request.Password!, out var rehashed) || candidate is null)
        {
            if (candidate is { Disabled: false })
            {
                await Audit("sign-in refused: wrong password");
                var after = await directory.RecordSignInAsync(candidate.UserName, succeeded: false, null);
                if (after.LockedUntil > now)
                {
                    return Locked(context, after.LockedUntil.Value, now);
                }
            }

            return wrong;
        }

        if (candidate.Disabled)
        {
            await Audit("sign-in refused: account disabled");
            return wrong;
        }

        var signedIn = await directory.RecordSignInAsync(candidate.UserName, succeeded: true, rehashed);
        await Audit("signed in");
        await SignInAsync(context, clinicId, new StaffSession(signedIn.UserName, signedIn.DisplayName, signedIn.Role, signedIn.SessionStamp));
        return TypedResults.Ok(SessionOf(context, antiforgery));
    }

    public static async Task<Ok<StaffSessionView>> SignOut(HttpContext context, IAntiforgery antiforgery, IAuditLog audit, [FromKeyedServices(RecallClock.Key)] TimeProvider time)
    {
        if (context.User.IsStaff())
        {
            await audit.AppendAsync(context.User.ClinicId()!, time.GetUtcNow(), AuditFilter.Actor(context), "signed out", null, null, context.RequestAborted);
        }

        await context.SignOutAsync(StaffAuthentication.CookieScheme);
        context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        return TypedResults.Ok(SessionOf(context, antiforgery));
    }

    /// <summary>
    /// The clinic's first admin (creating the clinic too if it does not exist yet). It needs the
    /// admin key, which only the operator holds, so whoever first finds a fresh install cannot
    /// claim it; and it closes for good once the clinic has any staff user.
    /// </summary>
    public static async Task<Results<Ok<StaffSessionView>, ValidationProblem, ProblemHttpResult>> SetUp(
        SetUpRequest request, HttpContext context, IAntiforgery antiforgery, IGrainFactory grains, IOptions<ApiOptions> api)
    {
        if (request.AdminKey is null || !ApiKeys.FixedTimeEquals(request.AdminKey, api.Value.AdminKey))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The admin key is wrong.",
                detail: "Set-up needs the silo's admin key (configuration Api:AdminKey), which the operator who installed it holds.");
        }

        var errors = new ValidationErrors();
        var clinicId = request.ClinicId?.Trim().ToLowerInvariant() ?? "";
        if (!ClinicValidation.Slug().IsMatch(clinicId))
        {
            errors.Add("clinicId", "The clinic id is lowercase letters, digits and '-', at most 63 characters (e.g. 'smile-dental').");
        }

        // The whole request is checked before the clinic is created, so a refused set-up leaves nothing behind.
        StaffDirectoryGrain.CheckNameAndRole(new NewStaffUser(request.UserName ?? "", request.DisplayName ?? "", StaffRole.Admin, ""), errors);
        StaffPasswords.Check(request.Password, request.UserName, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var directory = grains.GetGrain<IStaffDirectoryGrain>(clinicId);
        if (await directory.HasUsersAsync())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This clinic is already set up.",
                detail: "Sign in, or ask one of its admins for an account.");
        }

        var clinic = grains.GetGrain<IClinicGrain>(clinicId);
        if (await clinic.GetAsync() is null)
        {
            Require(request.ClinicName, "clinicName", "The clinic does not exist yet: enter its name to create it.", errors);
            Require(request.TimeZone, "timeZone", "The clinic does not exist yet: enter its time zone (e.g. Europe/Warsaw).", errors);
            errors.ThrowIfAny();
            await clinic.CreateAsync(new ClinicSettings(request.ClinicName!.Trim(), request.TimeZone!.Trim(), request.Languages is { Count: > 0 } languages ? languages : ["en"], []), []);
        }

        var admin = await directory.SetUpFirstAdminAsync(new NewStaffUser(request.UserName ?? "", request.DisplayName!, StaffRole.Admin, StaffPasswords.Hash(request.Password!)));
        var session = await directory.GetSessionAsync(admin.UserName);
        await SignInAsync(context, clinicId, session!);
        return TypedResults.Ok(SessionOf(context, antiforgery));
    }

    private static async Task SignInAsync(HttpContext context, string clinicId, StaffSession session)
    {
        var principal = StaffClaims.Principal(clinicId, session);
        await context.SignInAsync(StaffAuthentication.CookieScheme, principal);
        context.User = principal; // The CSRF token handed back is bound to the new identity.
    }

    private static StaffSessionView SessionOf(HttpContext context, IAntiforgery antiforgery)
    {
        var token = antiforgery.GetAndStoreTokens(context).RequestToken!;
        var user = context.User;
        return user.StaffRole() is { } role
            ? new StaffSessionView(true, user.ClinicId(), user.StaffUserName(), user.StaffDisplayName(), role, StaffPermissions.NamesFor(role), token, user.ActorName(null))
            : new StaffSessionView(false, null, null, null, null, [], token, null);
    }

    private static ProblemHttpResult Locked(HttpContext context, DateTimeOffset until, DateTimeOffset now)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong passwords: the account is locked for a while.",
            detail: $"Try again in {Math.Ceiling(seconds / 60.0):0} minutes, or ask an admin to set a new password.");
    }

    private static void Require(string? value, string field, string message, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, message);
        }
    }
}

public sealed record SignInRequest(string? ClinicId, string? UserName, string? Password);

public sealed record SetUpRequest(
    string? AdminKey, string? ClinicId, string? UserName, string? DisplayName, string? Password,
    string? ClinicName = null, string? TimeZone = null, IReadOnlyList<string>? Languages = null);

/// <summary>Who is signed in (if anyone), what their role may do, and the CSRF token to send as X-CSRF-TOKEN.</summary>
/// <summary>The signed-in staff member; <see cref="ActorName"/> is how their actions are recorded (claims, calls, bookings).</summary>
public sealed record StaffSessionView(
    bool SignedIn, string? ClinicId, string? UserName, string? DisplayName, StaffRole? Role, IReadOnlyList<string> Permissions, string CsrfToken, string? ActorName);
