using System.Globalization;
using System.Text;

namespace Recall.Grains.Phones;

public enum SmsKeyword
{
    None,
    Stop,
    Start,
    Help,
}

public enum ReplyMeaning
{
    Unknown,
    Yes,
    No,
}

/// <summary>
/// Reads SMS replies. Keywords are Twilio's single-word, case-insensitive ones (STOP, UNSUBSCRIBE,
/// END, QUIT, STOPALL, REVOKE, OPTOUT, CANCEL; START, YES, UNSTOP; HELP, INFO). Free text is read as
/// yes or no in English, Polish, Swedish and German, digits and emoji; anything else is Unknown and
/// goes to a person.
/// </summary>
public static class ReplyParser
{
    private static readonly HashSet<string> StopWords = ["STOP", "UNSUBSCRIBE", "END", "QUIT", "STOPALL", "REVOKE", "OPTOUT", "CANCEL"];
    private static readonly HashSet<string> StartWords = ["START", "YES", "UNSTOP"];
    private static readonly HashSet<string> HelpWords = ["HELP", "INFO"];

    private static readonly HashSet<string> YesWords = new(StringComparer.Ordinal)
    {
        "yes", "y", "yeah", "yep", "ok", "okay", "sure", "1",
        "tak", "ok.", "jasne", "chętnie", "poproszę",
        "ja", "japp", "jadå", "gärna", "absolut",
        "jawohl", "gerne", "klar", "natürlich",
        "👍", "✅", "👌", "🙂", "😊",
    };

    private static readonly HashSet<string> NoWords = new(StringComparer.Ordinal)
    {
        "no", "n", "nope", "not now", "2",
        "nie", "nie teraz", "nie dziękuję",
        "nej", "nej tack", "inte nu",
        "nein", "nein danke", "nicht jetzt",
        "👎", "❌",
    };

    /// <summary>A keyword only when it is the whole message (one word); "stop calling me at work" is not one.</summary>
    public static SmsKeyword Keyword(string body)
    {
        var word = body.Trim().TrimEnd('.', '!').ToUpperInvariant();
        return StopWords.Contains(word) ? SmsKeyword.Stop
            : StartWords.Contains(word) ? SmsKeyword.Start
            : HelpWords.Contains(word) ? SmsKeyword.Help
            : SmsKeyword.None;
    }

    public static ReplyMeaning Meaning(string body)
    {
        var text = Normalize(body);
        return YesWords.Contains(text) ? ReplyMeaning.Yes : NoWords.Contains(text) ? ReplyMeaning.No : ReplyMeaning.Unknown;
    }

    /// <summary>Lower case, trimmed, without trailing punctuation or repeated spaces: "Yes!", " TAK. " and "Nej  tack" read as words.</summary>
    private static string Normalize(string body)
    {
        var text = new StringBuilder();
        foreach (var part in body.Trim().ToLower(CultureInfo.InvariantCulture).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(text.Length > 0 ? " " : "").Append(part);
        }

        return text.ToString().TrimEnd('.', '!', ',', '?');
    }
}
