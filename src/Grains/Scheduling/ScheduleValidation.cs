using Recall.Grains.Hosting;

namespace Recall.Grains.Scheduling;

/// <summary>Checks a schedule setup; every problem is reported against its field.</summary>
public static class ScheduleValidation
{
    public static void ThrowIfInvalid(ScheduleSetup? setup)
    {
        var errors = new ValidationErrors();
        if (setup is null)
        {
            errors.Add("setup", "Visit types and resources are required.");
            errors.ThrowIfAny();
        }

        var resources = setup!.Resources ?? [];
        var types = setup.VisitTypes ?? [];
        CheckIds(resources.Select(r => r.Id).ToList(), "resources", errors);
        CheckIds(types.Select(t => t.Id).ToList(), "visitTypes", errors);
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            if (string.IsNullOrWhiteSpace(resource.Name) || string.IsNullOrWhiteSpace(resource.Kind))
            {
                errors.Add($"resources[{i}]", "A resource needs a name and a kind (e.g. chair, hygienist, dentist).");
            }

            CheckHours(resource.Hours ?? [], $"resources[{i}].hours", errors);
            CheckHours(resource.Breaks ?? [], $"resources[{i}].breaks", errors);
            if (resource.Hours is null || resource.Hours.Count == 0)
            {
                errors.Add($"resources[{i}].hours", "List the hours the resource works (e.g. Monday 08:00-16:00).");
            }
        }

        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (string.IsNullOrWhiteSpace(type.Name))
            {
                errors.Add($"visitTypes[{i}].name", "A visit type needs a name.");
            }

            if (type.DurationMinutes is < 5 or > 480 || type.DurationMinutes % 5 != 0)
            {
                errors.Add($"visitTypes[{i}].durationMinutes", "The duration is 5 to 480 minutes, in steps of 5.");
            }

            if (type.ResourceKinds is null || type.ResourceKinds.Count == 0)
            {
                errors.Add($"visitTypes[{i}].resourceKinds", "List the kinds of resource the visit needs (e.g. [\"chair\", \"hygienist\"]).");
            }
            else
            {
                foreach (var kind in type.ResourceKinds.Where(k => resources.All(r => r.Kind != k)))
                {
                    errors.Add($"visitTypes[{i}].resourceKinds", $"No resource is of kind '{kind}'.");
                }
            }
        }

        errors.ThrowIfAny();
    }

    private static void CheckIds(List<string> ids, string field, ValidationErrors errors)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is null || !Clinics.ClinicValidation.Slug().IsMatch(ids[i]))
            {
                errors.Add($"{field}[{i}].id", "An id is lower-case letters, digits and '-' (e.g. hygiene-60).");
            }
            else if (ids.IndexOf(ids[i]) != i)
            {
                errors.Add($"{field}[{i}].id", $"The id '{ids[i]}' is used twice.");
            }
        }
    }

    private static void CheckHours(IReadOnlyList<WeeklyHours> hours, string field, ValidationErrors errors)
    {
        for (var i = 0; i < hours.Count; i++)
        {
            if (hours[i].From >= hours[i].To)
            {
                errors.Add($"{field}[{i}]", "A stretch of time must start before it ends.");
            }
        }
    }
}
