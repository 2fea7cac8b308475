using System.Text.RegularExpressions;
using Orleans;
using Recall.Grains.Hosting;

namespace Recall.Grains.Templates;

/// <summary>What a message is for; each purpose has a template per language.</summary>
public enum TemplatePurpose
{
    RecallSms,
    RecallEmail,
    Confirmation,
    PreVisitInstructions,
    VisitReminder,

    /// <summary>A detailed, personal email on the benefits of preventive care, sent with the first recall notice.</summary>
    PreventiveCareEmail,

    /// <summary>A freed slot offered to a patient on the ASAP list: the first "yes" gets it.</summary>
    SlotOffer,

    /// <summary>The answer to a "yes" that came after the offered slot was taken.</summary>
    SlotTaken,

    /// <summary>A step of a rule's send schedule (by SMS or email): {service} is the rule's name.</summary>
    ServiceReminder,

    /// <summary>One message for a client with several patients due (an owner with three dogs): {dueList} names each.</summary>
    ServiceReminderDigest,

    /// <summary>A fresh link to a patient page, asked for from an expired one: {pageLink}.</summary>
    PageLink,

    /// <summary>Tells the patient a message waits on their page (never what it says): {messagesLink}.</summary>
    PortalMessage,
}

/// <summary>A clinic's wording for one purpose and language. <see cref="Subject"/> is for email.</summary>
[GenerateSerializer, Immutable]
public sealed record MessageTemplate(TemplatePurpose Purpose, string Language, string Body, string? Subject = null);

/// <summary>
/// Fills {placeholders}. The known ones are listed in <see cref="Placeholders"/>; a template naming
/// any other is rejected when it is saved (a typo would otherwise reach patients as "{frstName}").
/// Texts carry the minimum: no placeholder exposes a diagnosis, treatment or reason for the visit.
/// </summary>
public static partial class TemplateRenderer
{
    public static readonly IReadOnlyList<string> Placeholders =
        ["firstName", "lastName", "clinicName", "clinicPhone", "dueDate", "appointmentDate", "appointmentTime", "bookingLink", "lastVisitDate", "instructions", "service", "dueList", "appointmentLink", "optOutLink", "pageLink", "preRegistrationLink", "messagesLink"];

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    /// <summary>Reports a blank or too long text and unknown placeholders; <paramref name="bodyField"/> names the text's field in the request.</summary>
    public static void Check(MessageTemplate template, ValidationErrors errors, string bodyField = "body")
    {
        if (string.IsNullOrWhiteSpace(template.Body))
        {
            errors.Add(bodyField, "The template's text is required.");
        }

        if (template.Body is { Length: > 1600 })
        {
            errors.Add(bodyField, "An SMS is at most 1,600 characters (Twilio's limit).");
        }

        foreach (var (field, text) in new[] { (bodyField, template.Body), ("subject", template.Subject) })
        {
            foreach (var unknown in Placeholder().Matches(text ?? "").Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct())
            {
                errors.Add(field, $"{{{unknown}}} is not a placeholder; use one of {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}.");
            }
        }
    }

    /// <summary>The text with each known placeholder replaced; a value that is missing leaves an empty string.</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value ?? "" : m.Value);
}
