using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recall.Api.Problems;

/// <summary>
/// The validation every route shares, at the API's edge, before a handler or a grain sees the
/// request (issue #16). JSON binding fills what a client left out or sent as <c>null</c> with null,
/// whatever the C# types say, and an extreme date breaks the time arithmetic of a clinic's zone.
/// So for each bound argument (a body, a query or route value) it checks, by the nullable
/// annotations of the request types:
/// <list type="bullet">
/// <item>no list holds a null item where its type allows none;</item>
/// <item>every date and time lies between 1900 and 2200;</item>
/// <item>no text holds a NUL character: PostgreSQL refuses one in a text column or parameter, which was a 500
/// there (and a difference between the two databases), and no name, note or search means one.</item>
/// </list>
/// A failure is a 400 naming each field by its JSON path (<c>visitTypes[0].resourceKinds</c>).
/// Handlers and grains keep the rules of meaning (a known visit type, a time in the future).
/// </summary>
public static class RequestShapeFilter
{
    public const int EarliestYear = 1900;
    public const int LatestYear = 2200;
    private const int MaxDepth = 8;

    /// <summary>
    /// Each request type's readable properties, their JSON names and annotations, read once: this runs on every
    /// request. (A <see cref="NullabilityInfoContext"/> is not thread-safe: one per type read.)
    /// </summary>
    private static readonly ConcurrentDictionary<Type, ShapeProperty[]> Shapes = new();

    private sealed record ShapeProperty(PropertyInfo Property, string Name, NullabilityInfo Nullability);

    /// <summary>
    /// Added to every route, after its access checks (<c>ClinicAccess.RequireClinicAccess()</c>), so a caller
    /// without access learns nothing of the request's shape. At build time it picks the arguments worth
    /// checking, so the others cost nothing.
    /// </summary>
    public static TBuilder WithRequestShapeChecks<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(CheckShape);

    private static EndpointFilterDelegate CheckShape(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var checks = factory.MethodInfo.GetParameters()
            .Select((parameter, index) => (Parameter: parameter, Index: index, Nullability: new NullabilityInfoContext().Create(parameter)))
            .Where(p => IsChecked(p.Parameter.ParameterType))
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return context =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (parameter, index, nullability) in checks)
            {
                var value = context.Arguments[index];
                var name = IsRequestType(Unwrap(parameter.ParameterType)) || IsList(parameter.ParameterType) ? "" : parameter.Name ?? "";
                CheckValue(value, nullability, name, errors, depth: 0);
            }

            return errors.Count == 0 ? next(context) : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, title: "The request is invalid."));
        };
    }

    private static void CheckValue(object? value, NullabilityInfo nullability, string path, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null)
        {
            // A missing property is the handler's to judge (many fill a default); a null item of a list never means anything.
            if (nullability.ReadState == NullabilityState.NotNull && path.EndsWith(']'))
            {
                errors[path] = ["A list item may not be null."];
            }

            return;
        }

        if (depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case DateOnly date:
                CheckYear(date.Year, path, errors);
                return;
            case DateTimeOffset time:
                CheckYear(time.Year, path, errors);
                return;
            case DateTime time:
                CheckYear(time.Year, path, errors);
                return;
            case string text:
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    errors[path.Length == 0 ? "text" : path] = ["Text may not contain a NUL character."];
                }

                return;
            case IDictionary:
                return;
            case IEnumerable items:
                var item = nullability.GenericTypeArguments.FirstOrDefault() ?? nullability.ElementType;
                var i = 0;
                foreach (var element in items)
                {
                    if (item is not null)
                    {
                        CheckValue(element, item, $"{path}[{i}]", errors, depth + 1);
                    }

                    i++;
                }

                return;
        }

        foreach (var (property, name, annotated) in Shapes.GetOrAdd(value.GetType(), ShapeOf))
        {
            CheckValue(property.GetValue(value), annotated, path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
        }
    }

    /// <summary>The properties to walk: none for a type that is not one of our request records.</summary>
    private static ShapeProperty[] ShapeOf(Type type)
    {
        if (!IsRequestType(type))
        {
            return [];
        }

        var context = new NullabilityInfoContext();
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            .Select(p => new ShapeProperty(p, JsonName(p.Name), context.Create(p)))];
    }

    /// <summary>Within the years any recall, visit or report can concern (handlers that parse a date themselves ask too).</summary>
    public static bool IsInRange(DateOnly date) => date.Year is >= EarliestYear and <= LatestYear;

    private static void CheckYear(int year, string path, Dictionary<string, string[]> errors)
    {
        if (year is < EarliestYear or > LatestYear)
        {
            errors[path.Length == 0 ? "date" : path] = [$"A date between {EarliestYear} and {LatestYear}."];
        }
    }

    private static bool IsChecked(Type type)
    {
        var inner = Unwrap(type);
        return inner == typeof(DateOnly) || inner == typeof(DateTimeOffset) || inner == typeof(DateTime) || inner == typeof(string) || IsRequestType(inner) || IsList(type);
    }

    private static bool IsList(Type type) =>
        type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && IsRequestType(type.GetGenericArguments()[0]);

    /// <summary>Our own request and model records (not services, principals or framework types).</summary>
    private static bool IsRequestType(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("Recall.", StringComparison.Ordinal) == true && !type.IsAbstract && !type.IsInterface
        && type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null;

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static string JsonName(string property) => char.ToLowerInvariant(property[0]) + property[1..];
}
