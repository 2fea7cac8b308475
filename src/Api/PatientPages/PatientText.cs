using System.Collections.Frozen;
using System.Text.Json;

namespace Recall.Api.PatientPages;

/// <summary>
/// The patient pages' words in Polish, Swedish, German and English: one JSON file per language
/// (PatientPages/Text), the same keys in each (a test checks). <c>{name}</c>-style holes are filled
/// with HTML-encoded values by the page.
/// </summary>
public static class PatientText
{
    public static readonly IReadOnlyList<string> Languages = ["pl", "sv", "de", "en"];

    public static readonly FrozenDictionary<string, FrozenDictionary<string, string>> Catalogue = Languages.ToFrozenDictionary(
        language => language,
        language =>
        {
            using var stream = typeof(PatientText).Assembly.GetManifestResourceStream($"PatientPages.Text.{language}.json")
                ?? throw new InvalidOperationException($"The patient pages have no text for '{language}'.");
            return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary();
        });

    /// <summary>The language to show: the one asked for, else the patient's, else the clinic's first, else English.</summary>
    public static string Pick(params string?[] wanted) =>
        wanted.FirstOrDefault(l => l is not null && Catalogue.ContainsKey(l)) ?? "en";

    public static string Get(string language, string key) =>
        Catalogue[language].TryGetValue(key, out var text) ? text : Catalogue["en"][key];
}
