using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Security;
using Recall.Grains.Queries;

namespace Recall.Api.Outbox;

/// <summary>The messages the sandbox channel recorded instead of sending (until real SMS and email are configured).</summary>
public static class SandboxApi
{
    public static IEndpointRouteBuilder MapSandboxApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/clinics/{clinicId}/outbox", ListMessages)
            .RequireAuthorization().RequireClinicAccess().WithTags("Outbox");
        return routes;
    }

    public static async Task<Results<Ok<IReadOnlyList<SandboxMessage>>, ValidationProblem>> ListMessages(
        string clinicId, ISandboxMessages messages, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 1_000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit is between 1 and 1000."] });
        }

        return TypedResults.Ok(await messages.ListAsync(clinicId, limit, cancellationToken));
    }
}
