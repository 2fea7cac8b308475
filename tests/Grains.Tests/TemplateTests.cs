using Recall.Grains.Hosting;
using Recall.Grains.Templates;

namespace Recall.Grains.Tests;

public sealed class TemplateTests
{
    [Fact]
    public void Check_UnknownPlaceholder_IsNamedInTheError()
    {
        var errors = new ValidationErrors();

        TemplateRenderer.Check(new MessageTemplate(TemplatePurpose.RecallSms, "pl", "{clinicName}: {frstName}, czas na wizytę."), errors);

        var message = Assert.Single(errors.ToDictionary()["body"]);
        Assert.Contains("{frstName}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FillsKnownPlaceholders() =>
        Assert.Equal("Smile: Anna, see you on .", TemplateRenderer.Render("{clinicName}: {firstName}, see you on {appointmentDate}.",
            new Dictionary<string, string?> { ["clinicName"] = "Smile", ["firstName"] = "Anna", ["appointmentDate"] = null }));

    [Fact]
    public void Resolve_ClinicWordingFirst_ThenDefaultInTheLanguage_ThenTheClinicLanguage()
    {
        MessageTemplate[] clinic = [new(TemplatePurpose.RecallSms, "pl", "own polish")];

        Assert.Equal("own polish", TemplateDefaults.Resolve(clinic, TemplatePurpose.RecallSms, "pl", ["pl", "en"]).Body);
        Assert.StartsWith("{clinicName}: Hej", TemplateDefaults.Resolve(clinic, TemplatePurpose.RecallSms, "sv", ["pl", "en"]).Body, StringComparison.Ordinal);
        Assert.Equal("own polish", TemplateDefaults.Resolve(clinic, TemplatePurpose.RecallSms, "fr", ["pl", "en"]).Body);
    }

    [Fact]
    public void Defaults_EveryPurposeInEveryShippedLanguage_IsValidAndFitsTwoSegments()
    {
        foreach (var purpose in Enum.GetValues<TemplatePurpose>())
        {
            foreach (var language in new[] { "pl", "sv", "de", "en" })
            {
                var template = TemplateDefaults.Resolve([], purpose, language, [language]);
                Assert.Equal(language, template.Language);
                var errors = new ValidationErrors();
                TemplateRenderer.Check(template, errors);
                Assert.False(errors.Any, $"{purpose}/{language}");
                if (purpose is not (TemplatePurpose.RecallEmail or TemplatePurpose.PreventiveCareEmail))
                {
                    Assert.True(SmsSegments.Measure(template.Body).Segments <= 2, $"{purpose}/{language} takes more than two SMS segments.");
                }
            }
        }
    }
}
