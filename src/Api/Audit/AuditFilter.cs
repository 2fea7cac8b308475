using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;

namespace Recall.Api.Audit;

/// <summary>
/// Writes who did what to which patient, for every clinic route: each change that succeeded, each
/// view of a patient's record (a route with a patient id), and each CSV export. The entry is stored
/// before the answer leaves, so nothing is shown that is not logged. Lists (the patient list,
/// worklists) are not logged per view: they are searches, and the records opened from them are.
/// </summary>
public static class AuditFilter
{
    /// <summary>Added to every clinic route group, inside its access checks (<c>ClinicAccess.RequireClinicAccess()</c>).</summary>
    public static TBuilder WithAudit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(AuditAsync);

    private static async ValueTask<object?> AuditAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (!Succeeded(result) || http.GetEndpoint() is not RouteEndpoint endpoint || Action(http, endpoint) is not { } action)
        {
            return result;
        }

        var services = http.RequestServices;
        var time = services.GetRequiredKeyedService<TimeProvider>(RecallClock.Key);
        await services.GetRequiredService<IAuditLog>().AppendAsync(
            http.Request.RouteValues["clinicId"] as string ?? "", time.GetUtcNow(), Actor(http), action.Name,
            http.Request.RouteValues["patientId"] as string ?? CreatedPatient(result), action.Detail, http.RequestAborted);
        return result;
    }

    /// <summary>The patient a request created (its id was in the body, not the route).</summary>
    private static string? CreatedPatient(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return (result as IValueHttpResult)?.Value is Grains.Patients.PatientView patient ? patient.Id : null;
    }

    /// <summary>The action to log, or null for a read that is not of one patient's record nor an export.</summary>
    private static (string Name, string? Detail)? Action(HttpContext http, RouteEndpoint endpoint)
    {
        var method = http.Request.Method;
        // "/clinics/{clinicId}/patients/{patientId}" reads "GET /patients/{patientId}": the clinic is the log's own.
        var route = endpoint.RoutePattern.RawText is { } raw && raw.StartsWith("/clinics/{clinicId}", StringComparison.Ordinal)
            ? raw["/clinics/{clinicId}".Length..].TrimEnd('/') is { Length: > 0 } rest ? rest : "/"
            : endpoint.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        var export = http.Request.Query.TryGetValue("format", out var format) && string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (isRead && !export && !http.Request.RouteValues.ContainsKey("patientId") && route != "/audit")
        {
            return null;
        }

        return ($"{method} {route}", export ? "csv export" : null);
    }

    /// <summary>Whether the handler's answer is a success (2xx); a refusal changed nothing and showed nothing.</summary>
    private static bool Succeeded(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            IStatusCodeHttpResult { StatusCode: { } status } => status is >= 200 and < 300,
            IFileHttpResult => true, // A download (a CSV export) is sent as 200.
            IResult => false, // A result that does not say its status (a stream, a redirect) is not one of ours to log.
            null => false,
            _ => true, // A plain value is written as 200.
        };
    }

    /// <summary>Who: "staff:desk", "key:k1" or "admin", as the sign-in schemes name them.</summary>
    public static string Actor(HttpContext http) => Actor(http.User);

    public static string Actor(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
