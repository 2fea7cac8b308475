using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Problems;
using Recall.Api.Security;

namespace Recall.Api.Admin;

/// <summary>The silo's clock: read it, and (in manual mode) move it forward to simulate weeks in seconds.</summary>
public static class ClockApi
{
    private const int MaxDays = 3660;

    public static IEndpointRouteBuilder MapClockApi(this IEndpointRouteBuilder routes)
    {
        var clock = routes.MapGroup("/admin/clock").RequireAuthorization(ApiPolicies.Admin).WithRequestShapeChecks().WithTags("Admin");
        clock.MapGet("", GetClock);
        clock.MapPost("/advance", Advance);
        return routes;
    }

    public static Ok<ClockState> GetClock(IClockControl clock) => TypedResults.Ok(new ClockState(clock.Now, clock.IsManual ? "manual" : "system"));

    public static async Task<Results<Ok<ClockAdvance>, ValidationProblem, ProblemHttpResult>> Advance(
        AdvanceClockRequest request, IClockControl clock, CancellationToken cancellationToken)
    {
        if (!clock.IsManual)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The clock is not manual.",
                detail: "The silo runs on the system clock. Start it with Clock__Mode=Manual to move time by hand.");
        }

        // Each part within ten years, checked before the sum, which would overflow for a huge one (issue #16).
        foreach (var (field, value, max) in new[] { ("days", request.Days, MaxDays), ("hours", request.Hours, MaxDays * 24), ("minutes", request.Minutes, MaxDays * 24 * 60) })
        {
            if (value is < 0 || value > max)
            {
                return Invalid(field, $"The clock moves forward by 0 to {max:N0} {field} (ten years) at a time.");
            }
        }

        var by = TimeSpan.FromDays(request.Days ?? 0) + TimeSpan.FromHours(request.Hours ?? 0) + TimeSpan.FromMinutes(request.Minutes ?? 0);
        var target = request.To ?? clock.Now + by;
        if (request.To is not null && by != TimeSpan.Zero)
        {
            return Invalid("to", "Give either 'to' or 'days'/'hours'/'minutes', not both.");
        }

        if (target < clock.Now)
        {
            return Invalid(request.To is null ? "days" : "to", $"The clock only moves forward; it is {clock.Now:o}.");
        }

        if (target - clock.Now > TimeSpan.FromDays(MaxDays))
        {
            return Invalid(request.To is null ? "days" : "to", "Advance at most ten years at a time.");
        }

        return TypedResults.Ok(await clock.AdvanceToAsync(target, cancellationToken));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record ClockState(DateTimeOffset Now, string Mode);

/// <summary>Move to <see cref="To"/>, or by the sum of days, hours and minutes.</summary>
public sealed record AdvanceClockRequest(DateTimeOffset? To, int? Days, int? Hours, int? Minutes);
