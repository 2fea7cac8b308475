using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Security;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Templates;

namespace Recall.Api.Templates;

/// <summary>A clinic's message templates per purpose and language, and a preview with the SMS size.</summary>
public static class TemplatesApi
{
    /// <summary>The values a preview fills in: a sample patient and visit.</summary>
    private static readonly Dictionary<string, string?> Sample = new()
    {
        ["firstName"] = "Anna",
        ["lastName"] = "Nowak",
        ["clinicPhone"] = "+48 22 123 45 67",
        ["dueDate"] = "15.03.2027",
        ["appointmentDate"] = "16.03.2027",
        ["appointmentTime"] = "09:30",
        ["bookingLink"] = "https://recall.example.com/p/MXxzbWlsZXxwMXwwfDE3OTY0.x7Kq2",
        ["appointmentLink"] = "https://recall.example.com/p/MXxzbWlsZXxwMXwxfDE3OTY0.Lm3Pd",
        ["optOutLink"] = "https://recall.example.com/p/MXxzbWlsZXxwMXwyfDE4Mjc1.Qr8Tz",
    };

    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder routes)
    {
        var templates = routes.MapGroup("/clinics/{clinicId}/templates")
            .RequireAuthorization().RequireClinicAccess().WithTags("Templates");
        templates.MapGet("", ListTemplates);
        templates.MapPut("/{purpose}/{language}", SetTemplate);
        templates.MapDelete("/{purpose}/{language}", ResetTemplate);
        templates.MapPost("/preview", Preview);
        return routes;
    }

    public static async Task<Ok<IReadOnlyList<EffectiveTemplate>>> ListTemplates(string clinicId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IClinicGrain>(clinicId).ListTemplatesAsync());

    public static async Task<Results<Ok<EffectiveTemplate>, ValidationProblem>> SetTemplate(
        string clinicId, string purpose, string language, TemplateText text, IGrainFactory grains) =>
        ParsePurpose(purpose) is not { } parsed
            ? PurposeProblem(purpose)
            : TypedResults.Ok(await grains.GetGrain<IClinicGrain>(clinicId).SetTemplateAsync(new MessageTemplate(parsed, language, text.Body ?? "", text.Subject)));

    public static async Task<Results<Ok<EffectiveTemplate>, ValidationProblem>> ResetTemplate(string clinicId, string purpose, string language, IGrainFactory grains) =>
        ParsePurpose(purpose) is not { } parsed
            ? PurposeProblem(purpose)
            : TypedResults.Ok(await grains.GetGrain<IClinicGrain>(clinicId).ResetTemplateAsync(parsed, language));

    /// <summary>Renders a template (the given text, or the one in use) with sample values, and says how it goes as an SMS.</summary>
    public static async Task<Results<Ok<TemplatePreview>, ValidationProblem>> Preview(string clinicId, PreviewRequest request, IGrainFactory grains)
    {
        if (ParsePurpose(request.Purpose ?? "") is not { } purpose)
        {
            return PurposeProblem(request.Purpose ?? "");
        }

        var clinic = grains.GetGrain<IClinicGrain>(clinicId);
        var context = await clinic.GetRecallContextAsync();
        var language = request.Language ?? context.Languages[0];
        var template = request.Body is { } body
            ? new MessageTemplate(purpose, language, body, request.Subject)
            : TemplateDefaults.Resolve(context.Templates ?? [], purpose, language, context.Languages);
        var errors = new ValidationErrors();
        TemplateRenderer.Check(template, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var values = new Dictionary<string, string?>(Sample) { ["clinicName"] = context.ClinicName };
        var text = TemplateRenderer.Render(template.Body, values);
        return TypedResults.Ok(new TemplatePreview(text, template.Subject is null ? null : TemplateRenderer.Render(template.Subject, values), SmsSegments.Measure(text)));
    }

    private static TemplatePurpose? ParsePurpose(string purpose) =>
        Enum.TryParse<TemplatePurpose>(purpose, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(purpose, out _) ? parsed : null;

    private static ValidationProblem PurposeProblem(string purpose) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["purpose"] = [$"'{purpose}' is not one of: {string.Join(", ", Enum.GetNames<TemplatePurpose>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."],
    });
}

public sealed record TemplateText(string? Body, string? Subject);

public sealed record PreviewRequest(string? Purpose, string? Language, string? Body, string? Subject);

/// <summary>The rendered text, its subject (email) and how it goes as an SMS (encoding, characters, segments).</summary>
public sealed record TemplatePreview(string Text, string? Subject, SmsSize Sms);
