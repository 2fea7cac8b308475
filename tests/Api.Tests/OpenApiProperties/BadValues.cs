using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>
/// What a careless or hostile client sends: a valid body with one thing wrong (<see cref="Mutate"/>), strings for
/// parameters that no schema allows (<see cref="Strings"/>), and bodies that are barely JSON or not JSON at all
/// (<see cref="Bodies"/>).
/// </summary>
public static class BadValues
{
    /// <summary>Values put in place of one field: wrong type, null, out of range, extreme dates, long and odd text.</summary>
    private static readonly (string What, Func<JsonNode?> Value)[] Replacements =
    [
        ("null", () => null),
        ("a string", () => JsonValue.Create("not the right type")),
        ("an empty string", () => JsonValue.Create("")),
        ("a number", () => JsonValue.Create(12345)),
        ("a boolean", () => JsonValue.Create(true)),
        ("an object", () => new JsonObject { ["unexpected"] = 1 }),
        ("an array", () => new JsonArray(1, "two", null)),
        ("a huge number", () => JsonValue.Create(1e308)),
        ("long.MaxValue", () => JsonValue.Create(long.MaxValue)),
        ("int.MaxValue", () => JsonValue.Create(int.MaxValue)),
        ("int.MaxValue + 1", () => JsonValue.Create(2147483648L)),
        ("int.MinValue", () => JsonValue.Create(int.MinValue)),
        ("-1", () => JsonValue.Create(-1)),
        ("0", () => JsonValue.Create(0)),
        ("a fraction", () => JsonValue.Create(0.5)),
        ("the first date", () => JsonValue.Create("0001-01-01")),
        ("the last date", () => JsonValue.Create("9999-12-31")),
        ("the first instant", () => JsonValue.Create("0001-01-01T00:00:00Z")),
        ("the last instant", () => JsonValue.Create("9999-12-31T23:59:59Z")),
        ("an impossible date", () => JsonValue.Create("2026-02-30")),
        ("an impossible time", () => JsonValue.Create("25:61")),
        ("a very long string", () => JsonValue.Create(new string('x', 20_000))),
        ("Polish and emoji", () => JsonValue.Create("Zażółć gęślą jaźń 👩‍⚕️🦷")),
        ("a right-to-left override", () => JsonValue.Create("\u202Eevil")),
        ("a NUL character", () => JsonValue.Create("a\u0000b")),
        ("a non-character", () => JsonValue.Create("\uFFFF")),
        ("SQL", () => JsonValue.Create("'; DROP TABLE patients; --")),
        ("a path", () => JsonValue.Create("../../etc/passwd")),
        ("template syntax", () => JsonValue.Create("{{firstName}}{#each}}{0}%s")),
    ];

    /// <summary>
    /// The valid body with one place changed: a value replaced, a property removed (a required one makes a
    /// missing-field case), an unknown property added, or a list made long. Which place and which change are
    /// drawn as numbers and applied to a copy, so the generator stays a pure function of its seed.
    /// </summary>
    public static Gen<(JsonNode? Body, string What)> Mutate(JsonNode? valid) =>
        from first in MutateOnce(valid)
        from again in Gen.Elements(false, false, true) // A third of the time two things are wrong: the first check must not hide the second's crash.
        from second in again ? MutateOnce(first.Body) : Gen.Constant(first)
        select again ? (second.Body, $"{first.What}; {second.What}") : first;

    private static Gen<(JsonNode? Body, string What)> MutateOnce(JsonNode? valid) =>
        from place in Gen.Choose(0, int.MaxValue)
        from change in Gen.Choose(0, Replacements.Length + 2)
        select Apply(valid, place, change);

    private static (JsonNode? Body, string What) Apply(JsonNode? valid, int place, int change)
    {
        var root = valid?.DeepClone();
        var places = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        if (root is not null)
        {
            Collect(root, "$", places);
        }

        if (places.Count == 0)
        {
            var (what, value) = Replacements[change % Replacements.Length];
            return (value(), $"body replaced by {what}");
        }

        var (parent, key, index, path) = places[place % places.Count];
        if (change == Replacements.Length && parent is JsonObject removeFrom && key is not null)
        {
            removeFrom.Remove(key);
            return (root, $"{path} removed");
        }

        if (change == Replacements.Length + 1 && parent is JsonObject addTo)
        {
            addTo["unexpectedField"] = "surprise";
            return (root, $"unknown field added beside {path}");
        }

        if (change == Replacements.Length + 2 && parent is JsonArray list)
        {
            var item = list[index];
            for (var i = 0; i < 1_000; i++)
            {
                list.Add(item?.DeepClone());
            }

            return (root, $"{path}'s list made 1,000 items longer");
        }

        var (description, replacement) = Replacements[change % Replacements.Length];
        if (key is not null)
        {
            parent[key] = replacement();
        }
        else
        {
            parent[index] = replacement();
        }

        return (root, $"{path} is {description}");
    }

    private static void Collect(JsonNode node, string path, List<(JsonNode, string?, int, string)> places)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToArray())
                {
                    places.Add((obj, key, -1, $"{path}.{key}"));
                    if (child is not null)
                    {
                        Collect(child, $"{path}.{key}", places);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    places.Add((array, null, i, $"{path}[{i}]"));
                    if (array[i] is { } child)
                    {
                        Collect(child, $"{path}[{i}]", places);
                    }
                }

                break;
        }
    }

    /// <summary>Text for a path, query or header value that no schema allows.</summary>
    public static readonly Gen<string> Strings = Gen.Elements(
        "", " ", "abc", "-1", "0", "2147483647", "-2147483648", "99999999999999999999", "1e400", "NaN", "true", "null", "0001-01-01", "9999-12-31",
        "2026-13-45", "0001-01", "9999-12", "25:61", "..", ".", "a/b", "a?b=c", "%", "%00", "\u0000", "żółć 🦷",
        "\u202Eevil", "'; DROP TABLE patients; --", "<script>alert(1)</script>", new string('x', 3_000), "[]", "{}");

    /// <summary>A request body that is not what any schema describes, with its content type.</summary>
    public static readonly Gen<(byte[] Body, string ContentType, string What)> Bodies = Gen.OneOf(
        Gen.Elements(
            ("{", "truncated JSON"), ("{\"id\":", "truncated JSON"), ("[1,2", "truncated JSON"), ("", "an empty body"),
            ("null", "JSON null"), ("true", "a JSON boolean"), ("0", "a JSON number"), ("\"text\"", "a JSON string"),
            ("[]", "an empty array"), ("{}", "an empty object"), ("{\"id\":\"a\",\"id\":\"b\"}", "a duplicated key"),
            ("{\"name\":\"\\ud800\",\"firstName\":\"\\ud800\",\"id\":\"\\ud800\"}", "a lone surrogate"),
            ("{\"days\":1" + new string('0', 400) + "}", "a 400-digit number"),
            (new string('[', 5_000) + new string(']', 5_000), "arrays nested 5,000 deep"),
            (string.Concat(Enumerable.Repeat("{\"a\":", 2_000)) + "1" + new string('}', 2_000), "objects nested 2,000 deep"),
            ("\uFEFF{}", "a byte-order mark"))
            .Select(b => (Encoding.UTF8.GetBytes(b.Item1), "application/json", b.Item2)),
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(bytes => (bytes, "application/json", "random bytes")),
        Gen.Elements<(byte[], string, string)>(
            ([0xC3, 0x28, 0xA0, 0xA1], "application/json", "invalid UTF-8"),
            ("id=1&name=x"u8.ToArray(), "application/x-www-form-urlencoded", "a form"),
            ("{\"id\":\"x\"}"u8.ToArray(), "text/plain", "JSON as text/plain"),
            ("<xml/>"u8.ToArray(), "application/xml", "XML"),
            ("{}"u8.ToArray(), "application/json; charset=utf-16", "UTF-8 labelled UTF-16"),
            ("{}"u8.ToArray(), "application/json; charset=no-such-charset", "an unknown charset"),
            ("{}"u8.ToArray(), "application/json; charset=\"utf-8\"", "a quoted charset"),
            ("From=%2B48601000001&Body=STOP"u8.ToArray(), "application/x-www-form-urlencoded; charset=no-such-charset", "a form in an unknown charset"),
            ("id,firstName\np1,Anna"u8.ToArray(), "text/csv; charset=no-such-charset", "CSV in an unknown charset"),
            ("{}"u8.ToArray(), "application/merge-patch+json", "another JSON media type")),
        RandomJson(4).Select(json => (Encoding.UTF8.GetBytes(json?.ToJsonString() ?? "null"), "application/json", "random JSON")));

    /// <summary>Any JSON at all, a few levels deep.</summary>
    private static Gen<JsonNode?> RandomJson(int depth)
    {
        var leaves = Gen.OneOf(
            Gen.Constant<JsonNode?>(null).Select(n => n),
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => (JsonNode?)JsonValue.Create(i)),
            Strings.Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)));
        if (depth == 0)
        {
            return leaves;
        }

        var inner = RandomJson(depth - 1);
        return Gen.OneOf(
            leaves,
            Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(inner, n)).Select(JsonNode? (items) => new JsonArray([.. items])),
            Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements("id", "name", "date", "days", "start", "phone", "x"), inner), n))
                .Select(JsonNode? (pairs) =>
                {
                    var result = new JsonObject();
                    foreach (var (key, value) in pairs)
                    {
                        result[key] = value;
                    }

                    return result;
                }));
    }
}
