using Recall.Grains.Hosting;

namespace Recall.Api;

/// <summary>Reads enum and paging query parameters, naming the parameter when one is wrong.</summary>
internal static class QueryEnums
{
    public static T? Parse<T>(string? value, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
        return null;
    }

    /// <summary>A true/false query parameter read here rather than by binding, so a bad value is a problem that names the field.</summary>
    public static bool? ParseBool(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not true or false.");
        return null;
    }

    public static void CheckPage(int page, int pageSize, ValidationErrors errors)
    {
        if (page < 1)
        {
            errors.Add("page", "page starts at 1.");
        }

        if (pageSize is < 1 or > 500)
        {
            errors.Add("pageSize", "pageSize is between 1 and 500.");
        }
    }
}
