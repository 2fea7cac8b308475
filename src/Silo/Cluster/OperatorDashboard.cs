using Orleans.Dashboard;
using Recall.Api.Security;

namespace Recall.Silo.Cluster;

/// <summary>
/// The Orleans Dashboard at /dashboard, for operators only: the admin key (Bearer, or as the password
/// of the browser's Basic prompt), never a clinic's key or a staff session. It shows silos, grain
/// types, call rates and errors, and nothing of any patient: the dashboard's grain-state view and its
/// reminder list (grain keys name clinics and patients) answer 404, and its live log stream is off.
/// </summary>
public static class OperatorDashboard
{
    public const string Path = "/dashboard";

    /// <summary>Dashboard routes that would show a grain's state or keys.</summary>
    private static readonly string[] Hidden = ["/GrainState", "/Reminders", "/Trace"];

    public static IEndpointConventionBuilder MapOperatorDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapOrleansDashboard(Path);
        dashboard.RequireAuthorization(ApiPolicies.Admin).WithMetadata(new BasicChallengeMetadata());
        dashboard.AddEndpointFilter(async (context, next) =>
        {
            var path = context.HttpContext.Request.Path.Value ?? "";
            var hidden = Hidden.Any(h => path.StartsWith(Path + h, StringComparison.OrdinalIgnoreCase));
            return hidden ? Results.NotFound() : await next(context);
        });
        return dashboard;
    }
}
