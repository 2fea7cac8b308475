using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>
/// Values that a JSON schema of the live document (OpenAPI 3.1, as ASP.NET Core 10 writes it) allows:
/// <c>$ref</c> into <c>components.schemas</c>, <c>type</c> as a name or a list (<c>["null", "string"]</c>;
/// <c>["integer", "string"]</c> for numbers the API also reads from strings), <c>oneOf</c> with a null branch,
/// <c>enum</c>, <c>format</c>, arrays, objects with <c>required</c> and <c>additionalProperties</c>.
/// Valid by the schema is not always valid by meaning (a random time zone), which is the point: the handler
/// must say 400, not 500. Fields named as in our requests often get a value that means something
/// (<see cref="KnownValues"/>), so that valid requests also reach the grains.
/// </summary>
public sealed class ValidValues(JsonElement document, KnownValues known)
{
    private const int MaxDepth = 6;

    private readonly JsonElement schemas = document.GetProperty("components").GetProperty("schemas");

    /// <summary>The schema a <c>$ref</c> points at (followed until it is not one).</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }

        return schema;
    }

    /// <summary>The non-null types a schema names (empty for <c>enum</c> or any-value schemas).</summary>
    public static string[] Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : [.. type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null")];

    /// <summary>
    /// A value of the schema, never null where it allows null: a null is one of the mutations (<see cref="BadValues"/>),
    /// and most of our nullable fields are required by meaning, so nulls here would stop nearly every valid request.
    /// </summary>
    public Gen<JsonNode?> For(JsonElement schema, string? name = null, int depth = 0) => NonNull(Resolve(schema), name, depth);

    private Gen<JsonNode?> NonNull(JsonElement schema, string? name, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return Words.Select(w => (JsonNode?)JsonValue.Create(w));
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var raw = values.EnumerateArray().Select(v => v.GetRawText()).ToArray();
            return Gen.Elements(raw).Select(JsonNode? (r) => JsonNode.Parse(r));
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            var branches = oneOf.EnumerateArray().Where(b => !(b.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToArray();
            return Gen.OneOf(branches.Select(b => For(b, name, depth)));
        }

        var types = Types(schema);
        var type = types.Contains("integer") ? "integer" : types.Contains("number") ? "number" : types.FirstOrDefault()
            ?? (schema.TryGetProperty("properties", out _) ? "object" : "string");
        return type switch
        {
            "integer" => Integers(schema).Select(i => (JsonNode?)JsonValue.Create(i)),
            "number" => Integers(schema).Select(i => (JsonNode?)JsonValue.Create(i / 2.0)),
            "boolean" => Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            "array" => Array(schema, name, depth),
            "object" => depth > MaxDepth ? Gen.Fresh<JsonNode?>(() => new JsonObject()) : Object(schema, depth),
            _ => Strings(schema, name),
        };
    }

    /// <summary>Within the schema's bounds, else small and positive (pages, days, counts); the default half the time.</summary>
    private static Gen<int> Integers(JsonElement schema)
    {
        var low = schema.TryGetProperty("minimum", out var min) ? (int)Math.Max(min.GetDouble(), int.MinValue) : 1;
        var high = schema.TryGetProperty("maximum", out var max) ? (int)Math.Min(max.GetDouble(), int.MaxValue) : Math.Max(low, 1) + 30;
        var range = Gen.Choose(low, Math.Max(low, high));
        return schema.TryGetProperty("default", out var fallback) && fallback.TryGetInt32(out var value) ? Gen.Frequency((1, Gen.Constant(value)), (1, range)) : range;
    }

    private Gen<JsonNode?> Array(JsonElement schema, string? name, int depth)
    {
        var items = schema.TryGetProperty("items", out var itemSchema) ? For(itemSchema, name, depth + 1) : Words.Select(w => (JsonNode?)JsonValue.Create(w));
        // Empty lists are valid by the schema but rarely by meaning (a clinic with no language): one in five.
        var count = depth > MaxDepth ? Gen.Constant(0) : Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 3)));
        return count.SelectMany(n => Gen.ArrayOf(items, n)).Select(JsonNode? (list) => new JsonArray([.. list]));
    }

    private Gen<JsonNode?> Object(JsonElement schema, int depth)
    {
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        var fields = schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => Field(p.Name, p.Value, required.Contains(p.Name), depth)).ToArray()
            : [];
        if (fields.Length == 0 && schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
        {
            fields = [Field("note", additional, required: false, depth), Field("language", additional, required: false, depth)];
        }

        return Gen.CollectToArray(fields).Select(JsonNode? (pairs) =>
        {
            var result = new JsonObject();
            foreach (var (key, value, present) in pairs.Where(p => p.Present))
            {
                result[key] = value;
            }

            return result;
        });
    }

    /// <summary>A property: a required one always, an optional one half the time.</summary>
    private Gen<(string Name, JsonNode? Value, bool Present)> Field(string name, JsonElement schema, bool required, int depth) =>
        from present in required ? Gen.Constant(true) : Gen.Elements(true, false)
        from value in For(schema, name, depth + 1)
        select (name, value, present);

    private Gen<JsonNode?> Strings(JsonElement schema, string? name)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var generic = format switch
        {
            "date" => Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "date-time" => from day in Days from minute in Gen.Choose(0, (24 * 60) - 1)
                           select day.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute)), DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:00Z", CultureInfo.InvariantCulture),
            "time" => Gen.Choose(6 * 4, 20 * 4).Select(q => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(q * 15)).ToString("HH:mm", CultureInfo.InvariantCulture)),
            // A webhook address that answers would have the silo call it; these are left out (null) where allowed.
            "uri" => Gen.Constant("http://127.0.0.1:9/hook"),
            _ => Words,
        };
        var meaningful = name is null ? null : known.For(name);
        var strings = meaningful is null ? generic : Gen.Frequency((6, meaningful), (1, generic));
        return strings.Select(s => (JsonNode?)JsonValue.Create(s));
    }

    /// <summary>Days around the manual clock's start (2026-11-22), where recalls, visits and appointments fall.</summary>
    private static readonly Gen<DateOnly> Days = Gen.Choose(-400, 400).Select(d => new DateOnly(2026, 11, 22).AddDays(d));

    private static readonly Gen<string> Words =
        from length in Gen.Choose(1, 12)
        from letters in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), length)
        select new string(letters);
}
