using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Recall.Grains.Hosting;

namespace Recall.Api.Idempotency;

/// <summary>
/// Commands that carry an <c>Idempotency-Key</c> header are applied once: the key (scoped to the
/// clinic) and a hash of the request travel with the endpoint's first grain call, whose turn stores
/// the result in the same transaction. A retry gets the stored result; the same key with a
/// different request gets 422.
/// </summary>
public static class IdempotencyFilter
{
    public const string Header = "Idempotency-Key";

    /// <summary>Lets the filter re-read bodies of requests that carry the header (binding reads them first).</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Headers.ContainsKey(Header))
        {
            context.Request.EnableBuffering();
        }

        return next(context);
    });

    /// <summary>Says in the OpenAPI document which operations take the header, so integrators (and the tests) can find them.</summary>
    public static OpenApiOptions AddIdempotencyKeyHeader(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentCommand>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Description = "Applies the command once: a retry with the same key gets the first answer; the same key with another request gets 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }

        return Task.CompletedTask;
    });

    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IdempotentCommand.Instance).AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var key = request.Headers[Header].ToString();
            if (key.Length == 0)
            {
                return await next(context);
            }

            if (key.Length > 200 || key.Any(char.IsControl))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [Header] = ["The Idempotency-Key is 1 to 200 printable characters (a UUID is a good choice)."],
                });
            }

            var scope = request.RouteValues["clinicId"] as string ?? "";
            RequestContext.SetIdempotencyKey(scope, key, await HashAsync(request));
            return await next(context);
        });

    private static async Task<string> HashAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>Marks an endpoint that takes an Idempotency-Key (for the OpenAPI document).</summary>
internal sealed class IdempotentCommand
{
    public static readonly IdempotentCommand Instance = new();
}
