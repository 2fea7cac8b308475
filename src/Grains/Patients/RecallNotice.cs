namespace Recall.Grains.Patients;

/// <summary>
/// The text of the first recall notice, in the patient's language. It carries the minimum
/// (clinic, first name, a call to book): no diagnosis or treatment (messaging.md, Privacy).
/// Editable per-clinic templates replace these defaults in the messaging work.
/// </summary>
public static class RecallNotice
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "{0}: Hello {1}, it is time for your check-up. Please call us or reply to book a visit.",
        ["pl"] = "{0}: Dzień dobry {1}, zbliża się termin wizyty kontrolnej. Prosimy o kontakt, aby umówić wizytę.",
        ["sv"] = "{0}: Hej {1}, det är dags för din kontroll. Ring oss eller svara för att boka en tid.",
        ["de"] = "{0}: Hallo {1}, Ihre Kontrolle steht an. Bitte rufen Sie uns an oder antworten Sie, um einen Termin zu vereinbaren.",
    };

    public static string Subject(string clinicName) => $"{clinicName}: time for your check-up";

    public static string Body(string? language, IReadOnlyList<string> clinicLanguages, string clinicName, string firstName)
    {
        var text = Texts.GetValueOrDefault(language ?? "")
            ?? clinicLanguages.Select(l => Texts.GetValueOrDefault(l)).FirstOrDefault(t => t is not null)
            ?? Texts["en"];
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, text, clinicName, firstName);
    }
}
