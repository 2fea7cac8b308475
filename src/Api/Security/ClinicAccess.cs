using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recall.Api.Audit;
using Recall.Api.Problems;

namespace Recall.Api.Security;

/// <summary>
/// Keeps each clinic's data to its own keys. A key of clinic A asking for clinic B gets 404, the
/// same answer as for a clinic that does not exist, so keys cannot probe for other clinics.
/// </summary>
public static class ClinicAccess
{
    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(ApiKeyAuthenticationHandler.AdminRole);

    public static bool MayAccess(this ClaimsPrincipal user, string clinicId) =>
        user.IsAdmin() || user.FindFirst(ApiKeyAuthenticationHandler.ClinicClaim)?.Value == clinicId;

    /// <summary>
    /// For route groups under /clinics/{clinicId}: the access check, then (inside it, so a caller without access
    /// learns nothing of the request) the checks of the request's shape every route shares, and the audit log.
    /// </summary>
    public static TBuilder RequireClinicAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(RequireClinicAccess).WithRequestShapeChecks().WithAudit();

    /// <summary>An endpoint filter for route groups under /clinics/{clinicId}.</summary>
    public static async ValueTask<object?> RequireClinicAccess(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var clinicId = context.HttpContext.Request.RouteValues["clinicId"] as string ?? "";
        if (!context.HttpContext.User.MayAccess(clinicId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no clinic '{clinicId}'.");
        }

        // Staff are further limited by their role (the policy table); keys are not staff and pass as before.
        if (Staff.StaffPermissions.Check(context.HttpContext) is { } denied)
        {
            return denied;
        }

        return await next(context);
    }
}
