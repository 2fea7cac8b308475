using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>One parameter of an operation, as the OpenAPI document declares it.</summary>
public sealed record OperationParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>
/// One operation of the live OpenAPI document: its method, route template, parameters and request body
/// (the schema of its first content type, or none).
/// </summary>
public sealed record Operation(string Method, string Template, IReadOnlyList<OperationParameter> Parameters, string? ContentType, JsonElement? BodySchema)
{
    public override string ToString() => $"{Method} {Template}";
}

/// <summary>Reads the operations the API itself publishes, so a route added tomorrow is exercised without a change here.</summary>
public static class OpenApiOperations
{
    /// <summary>
    /// Routes no generated request can exercise, each with its reason. Everything else the document lists is sent.
    /// </summary>
    private static readonly (string Prefix, string Why)[] Skipped =
    [
        ("GET /clinics/{clinicId}/events", "a server-sent event stream: it answers 200 and never ends"),
        ("GET /dashboard", "the Orleans dashboard's own routes: not our code, and not part of the product's API"),
    ];

    public static async Task<(List<Operation> Operations, JsonElement Document)> ReadAsync(HttpClient admin)
    {
        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var entry in path.Value.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Object))
            {
                var operation = Read(entry.Name.ToUpperInvariant(), path.Name, entry.Value);
                if (operation.Method is "GET" or "POST" or "PUT" or "DELETE" && !Skipped.Any(s => operation.ToString().StartsWith(s.Prefix, StringComparison.Ordinal)))
                {
                    operations.Add(operation);
                }
            }
        }

        return (operations, document);
    }

    private static Operation Read(string method, string template, JsonElement operation)
    {
        var parameters = new List<OperationParameter>();
        if (operation.TryGetProperty("parameters", out var declared))
        {
            foreach (var parameter in declared.EnumerateArray())
            {
                parameters.Add(new OperationParameter(
                    parameter.GetProperty("name").GetString()!,
                    parameter.GetProperty("in").GetString()!,
                    parameter.TryGetProperty("required", out var required) && required.GetBoolean(),
                    parameter.TryGetProperty("schema", out var schema) ? schema.Clone() : default));
            }
        }

        string? contentType = null;
        JsonElement? body = null;
        if (operation.TryGetProperty("requestBody", out var requestBody) && requestBody.TryGetProperty("content", out var content))
        {
            var first = content.EnumerateObject().First();
            contentType = first.Name;
            body = first.Value.TryGetProperty("schema", out var schema) ? schema.Clone() : null;
        }

        return new Operation(method, template, parameters, contentType, body);
    }
}
