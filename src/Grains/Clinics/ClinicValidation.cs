using System.Text.RegularExpressions;
using Recall.Grains.Hosting;

namespace Recall.Grains.Clinics;

/// <summary>Checks clinic settings and recall rules; every problem is reported against its field.</summary>
public static partial class ClinicValidation
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    public static partial Regex Slug();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex SmsServiceSid();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z]{2})?$")]
    private static partial Regex LanguageTag();

    public static void ThrowIfInvalid(ClinicSettings settings)
    {
        var errors = new ValidationErrors();
        Check(settings, errors);
        errors.ThrowIfAny();
    }

    public static void ThrowIfInvalid(IReadOnlyList<RecallRule> rules)
    {
        var errors = new ValidationErrors();
        Check(rules, errors);
        errors.ThrowIfAny();
    }

    public static void Check(ClinicSettings? settings, ValidationErrors errors)
    {
        if (settings is null)
        {
            errors.Add("settings", "Settings are required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.Name))
        {
            errors.Add("name", "The clinic's name is required.");
        }

        if (!IsTimeZone(settings.TimeZone))
        {
            errors.Add("timeZone", $"'{settings.TimeZone}' is not an IANA time zone id (e.g. Europe/Warsaw).");
        }

        if (settings.Languages is null || settings.Languages.Count == 0)
        {
            errors.Add("languages", "At least one language is required (e.g. [\"pl\", \"en\"]).");
        }
        else
        {
            foreach (var language in settings.Languages.Where(l => l is null || !LanguageTag().IsMatch(l)))
            {
                errors.Add("languages", $"'{language}' is not a language code such as 'pl' or 'en'.");
            }
        }

        if (settings.Sending is { } sending)
        {
            if (sending.WindowOpens >= sending.WindowCloses)
            {
                errors.Add("sending.windowOpens", "The sending window must open before it closes (e.g. 08:00 to 21:00).");
            }

            if (sending.MaxPerDay is < 1 or > 10)
            {
                errors.Add("sending.maxPerDay", "At most 1 to 10 messages a day.");
            }

            if (sending.MaxPerWeek < sending.MaxPerDay || sending.MaxPerWeek > 30)
            {
                errors.Add("sending.maxPerWeek", "The weekly cap is at least the daily cap and at most 30.");
            }
        }

        if (settings.Country is { } country && !Phones.PhoneParser.IsKnownCountry(country))
        {
            errors.Add("country", $"'{country}' is not a country code such as PL, SE or DE (ISO 3166).");
        }

        if (settings.SmsSender is { } sender && !SmsServiceSid().IsMatch(sender)
            && !Phones.PhoneParser.IsE164(sender))
        {
            errors.Add("smsSender", $"'{sender}' is neither an E.164 number (+48222000000) nor a Twilio Messaging Service SID (MG followed by 32 hex digits).");
        }

        foreach (var (field, url) in new[] { ("staffWebhookUrl", settings.StaffWebhookUrl), ("integrationWebhookUrl", settings.IntegrationWebhookUrl) })
        {
            if (url is not null && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
            {
                errors.Add(field, "The webhook URL must be an absolute https URL.");
            }
        }

        settings.Workflow?.Check(errors);
        settings.PreRegistration?.Check(errors);
        Clinics.BrandColour.Check(settings.BrandColour, errors);
        var hours = settings.OpeningHours ?? [];
        for (var i = 0; i < hours.Count; i++)
        {
            if (hours[i].Opens >= hours[i].Closes)
            {
                errors.Add($"openingHours[{i}]", "A day's opening time must be before its closing time.");
            }
        }
    }

    public static void Check(IReadOnlyList<RecallRule>? rules, ValidationErrors errors)
    {
        if (rules is null)
        {
            errors.Add("recallRules", "The list of recall rules is required (it may be empty).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var field = $"recallRules[{i}]";
            if (rule.Type is null || !Slug().IsMatch(rule.Type))
            {
                errors.Add($"{field}.type", "The type is a short lowercase id such as 'hygiene'.");
            }
            else if (!seen.Add(rule.Type))
            {
                errors.Add($"{field}.type", $"The type '{rule.Type}' appears twice.");
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"{field}.name", "The name is required.");
            }

            if (rule.ServiceCodes is null || rule.ServiceCodes.Count == 0 || rule.ServiceCodes.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{field}.serviceCodes", "At least one service code (e.g. D1110) is required, none blank.");
            }

            if (rule.IntervalMonths < 0 || rule.IntervalDays < 0 || rule.IntervalMonths * 31 + rule.IntervalDays <= 0)
            {
                errors.Add($"{field}.intervalMonths", "The interval must be positive (months and/or days).");
            }
            else if (rule.IntervalMonths > 120 || rule.IntervalDays > 3650)
            {
                errors.Add($"{field}.intervalMonths", "The interval may be at most ten years.");
            }

            if (rule.ExtraDays is < 0 or > 365)
            {
                errors.Add($"{field}.extraDays", "Extra days must be between 0 and 365.");
            }

            CheckSchedule(rule.Schedule, field, errors);
            CheckStaffTask(rule, field, errors);
        }
    }

    private static readonly string[] ScheduleChannels = ["sms", "email"];

    private static void CheckSchedule(IReadOnlyList<Reminders.SendStep>? schedule, string field, ValidationErrors errors)
    {
        if (schedule is null)
        {
            return;
        }

        if (schedule.Count > 10)
        {
            errors.Add($"{field}.schedule", "At most 10 sends in a schedule.");
        }

        if (schedule.Select(s => s?.DaysFromDue).Distinct().Count() != schedule.Count)
        {
            errors.Add($"{field}.schedule", "Each day appears once (list both channels in one step).");
        }

        for (var i = 0; i < schedule.Count; i++)
        {
            var step = schedule[i];
            if (step is null || step.DaysFromDue is < -365 or > 365)
            {
                errors.Add($"{field}.schedule[{i}].daysFromDue", "Days from the due date, -365 to 365 (-28: four weeks before; 14: two weeks after).");
            }

            if (step?.Channels is not { Count: > 0 } channels || channels.Any(c => !ScheduleChannels.Contains(c)) || channels.Distinct().Count() != channels.Count)
            {
                errors.Add($"{field}.schedule[{i}].channels", "Send by \"sms\", \"email\" or both.");
            }
        }
    }

    private static void CheckStaffTask(RecallRule rule, string field, ValidationErrors errors)
    {
        if (rule.StaffTask is not { } task)
        {
            return;
        }

        if (!Enum.IsDefined(task.Role))
        {
            errors.Add($"{field}.staffTask.role", "The role is frontDesk, hygienist, leadDentist, officeManager or admin.");
        }

        if (string.IsNullOrWhiteSpace(task.Text) || task.Text.Length > 500)
        {
            errors.Add($"{field}.staffTask.text", "Say what staff should do, in at most 500 characters.");
        }

        if (rule.Schedule is { Count: > 0 })
        {
            errors.Add($"{field}.schedule", "An internal reminder sends nothing to the client: it has no send schedule.");
        }
    }

    private static bool IsTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            // On Linux ids are IANA; Windows-only ids such as "W. Europe Standard Time" also resolve, and are rejected.
            return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
