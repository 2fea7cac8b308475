namespace Recall.Grains.Templates;

/// <summary>
/// The wording the product ships with, in Polish, Swedish, German and English; a clinic overrides
/// any of them. SMS texts stay short (one or two segments) and carry no health details.
/// </summary>
public static class TemplateDefaults
{
    public static readonly IReadOnlyList<MessageTemplate> All =
    [
        new(TemplatePurpose.RecallSms, "en", "{clinicName}: Hello {firstName}, it is time for your check-up. Please call us or reply to book a visit."),
        new(TemplatePurpose.RecallSms, "pl", "{clinicName}: Dzień dobry {firstName}, zbliża się termin wizyty kontrolnej. Prosimy o kontakt, aby umówić wizytę."),
        new(TemplatePurpose.RecallSms, "sv", "{clinicName}: Hej {firstName}, det är dags för din kontroll. Ring oss eller svara för att boka en tid."),
        new(TemplatePurpose.RecallSms, "de", "{clinicName}: Hallo {firstName}, Ihre Kontrolle steht an. Bitte rufen Sie uns an oder antworten Sie, um einen Termin zu vereinbaren."),
        new(TemplatePurpose.RecallEmail, "en", "Hello {firstName},\nit is time for your regular check-up at {clinicName}. Regular preventive visits keep small problems small and save you time and cost later.\nPlease call us or reply to this email to book a visit that suits you.\n{clinicName}", "{clinicName}: time for your check-up"),
        new(TemplatePurpose.RecallEmail, "pl", "Dzień dobry {firstName},\nzbliża się termin wizyty kontrolnej w {clinicName}. Regularne wizyty profilaktyczne pozwalają wcześnie wykryć drobne problemy i oszczędzają czas oraz koszty.\nProsimy o telefon lub odpowiedź na tę wiadomość, aby umówić dogodny termin.\n{clinicName}", "{clinicName}: czas na wizytę kontrolną"),
        new(TemplatePurpose.RecallEmail, "sv", "Hej {firstName},\ndet är dags för din regelbundna kontroll hos {clinicName}. Förebyggande besök upptäcker små problem tidigt och sparar tid och pengar.\nRing oss eller svara på detta mejl för att boka en tid som passar dig.\n{clinicName}", "{clinicName}: dags för din kontroll"),
        new(TemplatePurpose.RecallEmail, "de", "Hallo {firstName},\nIhre regelmäßige Kontrolle bei {clinicName} steht an. Vorsorgetermine erkennen kleine Probleme früh und sparen später Zeit und Kosten.\nBitte rufen Sie uns an oder antworten Sie auf diese E-Mail, um einen passenden Termin zu vereinbaren.\n{clinicName}", "{clinicName}: Zeit für Ihre Kontrolle"),
        new(TemplatePurpose.Confirmation, "en", "{clinicName}: your visit is booked for {appointmentDate} at {appointmentTime}. Reply or call us to change it."),
        new(TemplatePurpose.Confirmation, "pl", "{clinicName}: wizyta umówiona na {appointmentDate} o {appointmentTime}. Aby ją zmienić, odpowiedz lub zadzwoń."),
        new(TemplatePurpose.Confirmation, "sv", "{clinicName}: ditt besök är bokat {appointmentDate} kl. {appointmentTime}. Svara eller ring för att ändra."),
        new(TemplatePurpose.Confirmation, "de", "{clinicName}: Ihr Termin ist am {appointmentDate} um {appointmentTime}. Zum Ändern antworten oder anrufen."),
        new(TemplatePurpose.PreVisitInstructions, "en", "{clinicName}: your visit is tomorrow at {appointmentTime}. Please follow the preparation we gave you."),
        new(TemplatePurpose.PreVisitInstructions, "pl", "{clinicName}: wizyta jutro o {appointmentTime}. Prosimy o przygotowanie zgodnie z zaleceniami."),
        new(TemplatePurpose.PreVisitInstructions, "sv", "{clinicName}: ditt besök är i morgon kl. {appointmentTime}. Förbered dig enligt instruktionerna."),
        new(TemplatePurpose.PreVisitInstructions, "de", "{clinicName}: Ihr Termin ist morgen um {appointmentTime}. Bitte bereiten Sie sich wie besprochen vor."),
        new(TemplatePurpose.VisitReminder, "en", "{clinicName}: reminder of your visit on {appointmentDate} at {appointmentTime}."),
        new(TemplatePurpose.VisitReminder, "pl", "{clinicName}: przypominamy o wizycie {appointmentDate} o {appointmentTime}."),
        new(TemplatePurpose.VisitReminder, "sv", "{clinicName}: påminnelse om ditt besök {appointmentDate} kl. {appointmentTime}."),
        new(TemplatePurpose.VisitReminder, "de", "{clinicName}: Erinnerung an Ihren Termin am {appointmentDate} um {appointmentTime}."),
    ];

    /// <summary>
    /// The template to use: the clinic's own for the language, else the default for the language,
    /// else the clinic's (or default) template in the clinic's first language with one, else English.
    /// </summary>
    public static MessageTemplate Resolve(IReadOnlyList<MessageTemplate> clinic, TemplatePurpose purpose, string? language, IReadOnlyList<string> clinicLanguages)
    {
        MessageTemplate? Find(string? lang) => lang is null ? null
            : clinic.FirstOrDefault(t => t.Purpose == purpose && t.Language.Equals(lang, StringComparison.OrdinalIgnoreCase))
              ?? All.FirstOrDefault(t => t.Purpose == purpose && t.Language.Equals(lang, StringComparison.OrdinalIgnoreCase));

        return Find(language) ?? clinicLanguages.Select(Find).FirstOrDefault(t => t is not null) ?? Find("en")!;
    }
}
