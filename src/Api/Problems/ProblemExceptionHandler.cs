using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Recall.Grains.Hosting;

namespace Recall.Api.Problems;

/// <summary>
/// Turns the grains' exceptions and request-reading errors into RFC 9457 problem details. A
/// validation problem names each field that is wrong in "errors"; anything unexpected is a bare 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            GrainValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary()) { Title = "The request is invalid." },
            BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [FieldOf(json)] = ["The value has the wrong type or format (dates are yyyy-MM-dd, times HH:mm, instants ISO 8601)."] })
            {
                Title = "The request body is not valid JSON for this endpoint.",
            },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "The request could not be read.", Detail = e.Message },
            GrainNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
            GrainConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = e.Message },
            IdempotencyKeyReusedException e => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The Idempotency-Key was already used for another request.",
                Detail = e.Message,
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        problem.Status ??= StatusCodes.Status400BadRequest;
        httpContext.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>"$.visits[0].date" becomes "visits[0].date", matching the field names validation uses.</summary>
    private static string FieldOf(JsonException json) => json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
}
