using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>One generated request, printed whole when the property fails so it can be sent again by hand.</summary>
public sealed record RequestCase(Operation Operation, string Flavour, string Path, byte[]? Body, string? ContentType, string? IdempotencyKey, string What)
{
    /// <summary>Who sends it: the admin, the test clinic's own key, a signed-in member of its staff, another clinic's key, or nobody.</summary>
    public Caller Caller { get; init; } = Caller.Admin;

    public override string ToString()
    {
        var body = Body is null ? "(none)" : Encoding.UTF8.GetString(Body);
        return $"{Flavour} ({What}), as {Caller}: {Operation.Method} {Path}"
            + (IdempotencyKey is null ? "" : $"\n  Idempotency-Key: {IdempotencyKey}")
            + $"\n  body ({ContentType ?? "no content type"}): {(body.Length > 400 ? body[..400] + $"... ({body.Length:N0} characters)" : body)}";
    }
}

public enum Caller
{
    Admin,
    ClinicKey,
    Staff,
    OtherClinicKey,
    Anonymous,
}

/// <summary>
/// Requests for one operation, in three flavours: <b>valid</b> by its schema (path ids mostly the test clinic's
/// real ones), <b>mutated</b> (one parameter or one body field wrong), and <b>hostile</b> (any text in every
/// parameter, a body that is barely JSON or none).
/// </summary>
public sealed class RequestCases(ValidValues valid, KnownValues known)
{
    /// <summary>An idempotency key that every request reusing it shares: a second request under it with another body must get 422 and change nothing.</summary>
    private const string SharedKey = "shared-key-for-generated-requests";

    /// <summary>Mostly the admin (who may call every route); sometimes a clinic's key or nobody, who must be turned away from what is not theirs without a trace.</summary>
    private static readonly Gen<Caller> Callers = Gen.Frequency(
        (6, Gen.Constant(Caller.Admin)), (2, Gen.Constant(Caller.ClinicKey)), (1, Gen.Constant(Caller.Staff)),
        (1, Gen.Constant(Caller.OtherClinicKey)), (1, Gen.Constant(Caller.Anonymous)));

    public Gen<RequestCase> For(Operation operation) =>
        from request in Gen.Frequency((4, Valid(operation)), (4, Mutated(operation)), (2, Hostile(operation)))
        from caller in Callers
        select request with { Caller = caller };

    private Gen<RequestCase> Valid(Operation operation) =>
        from parameters in Gen.CollectToArray(operation.Parameters.Select(ValidParameter))
        from body in ValidBody(operation)
        select Build(operation, "valid", parameters, body, "as the schema says");

    /// <summary>Everything valid but one thing: a parameter or the body (each equally likely).</summary>
    private Gen<RequestCase> Mutated(Operation operation) =>
        from parameters in Gen.CollectToArray(operation.Parameters.Select(ValidParameter))
        from target in Gen.Choose(0, operation.Parameters.Count)
        from bad in target < operation.Parameters.Count ? BadParameter(operation.Parameters[target]) : Gen.Constant<string?>(null)
        from body in ValidBody(operation)
        from mutated in target < operation.Parameters.Count || body is null ? Gen.Constant((body?.Json, "")) : BadValues.Mutate(body.Json)
        select target < operation.Parameters.Count
            ? Build(operation, "mutated", [.. parameters.Select((p, i) => i == target ? (p.Parameter, bad) : p)], body, $"{operation.Parameters[target].Name} = {Shorten(bad)}")
            : Build(operation, "mutated", parameters, body is null ? null : body with { Json = mutated.Item1 }, mutated.Item2.Length == 0 ? "no body to mutate" : mutated.Item2);

    private Gen<RequestCase> Hostile(Operation operation) =>
        from parameters in Gen.CollectToArray(operation.Parameters.Select(p => Gen.Frequency((1, ValidParameter(p)), (2, BadParameter(p).Select(v => (p, v))))))
        from body in BadValues.Bodies
        from send in Gen.Elements(true, true, true, false)
        select Build(operation, "hostile", parameters, new Body(null, send ? body.Body : null, body.ContentType), send ? body.What : "no body at all");

    private Gen<(OperationParameter Parameter, string? Value)> ValidParameter(OperationParameter parameter)
    {
        if (parameter.In == "header")
        {
            // Most commands go without a key; some with a fresh one, some with the shared one (a replay or a 422).
            return Gen.Frequency(
                (3, Gen.Constant<string?>(null)),
                (2, Gen.Choose(0, int.MaxValue).Select(n => (string?)$"key-{n:x8}")),
                (1, Gen.Constant<string?>(SharedKey))).Select(v => (parameter, v));
        }

        var value = known.For(parameter.Name)?.Select(s => (JsonNode?)JsonValue.Create(s)) ?? valid.For(parameter.Schema, parameter.Name);
        var present = parameter.Required || parameter.In == "path" ? Gen.Constant(true) : Gen.Elements(true, false);
        return from include in present
               from v in value
               select (parameter, include ? Text(v) : null);
    }

    private static Gen<string?> BadParameter(OperationParameter parameter) => parameter.In switch
    {
        "header" => Gen.Elements<string?>(new string('k', 201), " ", "key with spaces"),
        // The test server's client refuses a NUL in a path before the request is made (Kestrel answers it 400 itself).
        "path" => BadValues.Strings.Where(s => !s.Contains('\0', StringComparison.Ordinal)).Select(s => (string?)s),
        _ => BadValues.Strings.Select(s => (string?)s),
    };

    private sealed record Body(JsonNode? Json, byte[]? Raw, string ContentType);

    private Gen<Body?> ValidBody(Operation operation)
    {
        if (operation.BodySchema is not { } schema)
        {
            return Gen.Constant<Body?>(null);
        }

        if (operation.ContentType == "application/json")
        {
            return valid.For(schema).Select(json => (Body?)new Body(json, null, "application/json"));
        }

        // The import takes CSV: a header and a few rows, some of them wrong.
        var rows = Gen.Elements("p-a,Anna,Nowak,+48601000003", "p-b,Jan,Kowalski,not a phone", ",,,", "p-c,\"Ewa\",Lis,+48 601 000 004", "\"unclosed,Ewa,Lis,1", "p-d,An\0na,Lis,+48601000005");
        return Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(rows, n))
            .Select(r => (Body?)new Body(null, Encoding.UTF8.GetBytes("id,firstName,lastName,phone\n" + string.Join('\n', r)), operation.ContentType ?? "text/plain"));
    }

    private static RequestCase Build(Operation operation, string flavour, (OperationParameter Parameter, string? Value)[] parameters, Body? body, string what)
    {
        var path = operation.Template;
        var query = new List<string>();
        string? key = null;
        foreach (var (parameter, value) in parameters)
        {
            switch (parameter.In)
            {
                case "path":
                    path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value ?? ""), StringComparison.Ordinal);
                    break;
                case "query" when value is not null:
                    query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(value)}");
                    if (flavour == "hostile")
                    {
                        query.Add($"{Uri.EscapeDataString(parameter.Name)}=again"); // A repeated parameter binds as two values.
                    }

                    break;
                case "header":
                    key = value;
                    break;
            }
        }

        var bytes = body?.Raw ?? (body is null ? null : Encoding.UTF8.GetBytes(body.Json?.ToJsonString() ?? "null"));
        return new RequestCase(operation, flavour, query.Count == 0 ? path : $"{path}?{string.Join('&', query)}", bytes, body?.ContentType, key, what);
    }

    /// <summary>A JSON value as a path, query or header parameter's text (a list's first item: our lists in queries are single values).</summary>
    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonArray array => array.Count == 0 ? null : Text(array[0]),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<int>(out var i) => i.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => value.ToJsonString(),
    };

    private static string Shorten(string? value) => value is null ? "(absent)" : value.Length > 40 ? $"{value[..40]}... ({value.Length:N0} characters)" : JsonSerializer.Serialize(value);
}
