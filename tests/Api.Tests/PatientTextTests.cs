using System.Text.RegularExpressions;
using Recall.Api.PatientPages;

namespace Recall.Api.Tests;

/// <summary>The patient pages' catalogue: every key in every language, with the same holes to fill.</summary>
public sealed partial class PatientTextTests
{
    [Fact]
    public void EveryLanguage_HasEveryKey_WithTheSameHoles()
    {
        var english = PatientText.Catalogue["en"];
        foreach (var language in PatientText.Languages)
        {
            var catalogue = PatientText.Catalogue[language];
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), catalogue.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, text) in english)
            {
                Assert.False(string.IsNullOrWhiteSpace(catalogue[key]), $"{language}: '{key}' is empty.");
                Assert.True(Holes(text).SetEquals(Holes(catalogue[key])), $"{language}: '{key}' has holes {string.Join(", ", Holes(catalogue[key]))}, English {string.Join(", ", Holes(text))}.");
            }
        }
    }

    private static HashSet<string> Holes(string text) => [.. Hole().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{[a-zA-Z]+\}")]
    private static partial Regex Hole();
}
