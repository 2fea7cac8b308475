using Orleans;

namespace Recall.Grains.Templates;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>How an SMS text is sent and billed: its encoding and how many segments it takes.</summary>
[GenerateSerializer, Immutable]
public sealed record SmsSize(SmsEncoding Encoding, int Characters, int Segments);

/// <summary>
/// GSM-7 (GSM 03.38) fits 160 characters in one segment and 153 per segment when split; the
/// extension characters ^{}\[~]|€ count as two. Swedish å ä ö and German ä ö ü ß are in its basic
/// set, but one character outside it (Polish ą ć ę ł ń ś ź ż, an emoji) switches the whole message to
/// UCS-2: 70 characters, or 67 per segment (a character outside the BMP counts as two).
/// </summary>
public static class SmsSegments
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    public static SmsSize Measure(string text)
    {
        var gsmLength = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                gsmLength += 1;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                gsmLength += 2;
            }
            else
            {
                var units = text.Length; // UTF-16 code units: a character outside the BMP is two, as UCS-2 counts it.
                return new SmsSize(SmsEncoding.Ucs2, units, units <= 70 ? 1 : (int)Math.Ceiling(units / 67.0));
            }
        }

        return new SmsSize(SmsEncoding.Gsm7, gsmLength, gsmLength <= 160 ? 1 : (int)Math.Ceiling(gsmLength / 153.0));
    }
}
