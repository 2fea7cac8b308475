using System.Text;

namespace Recall.Api.Patients.Import;

/// <summary>
/// The text encodings clinics' CSV files come in: UTF-8 (with or without a byte order mark), and the
/// Windows code pages Excel saves "CSV" in on a Central European (1250: Polish, Czech, Hungarian) or
/// Western (1252: Swedish, German, English) Windows. A file is read in one of them, detected or
/// named by the uploader, and the import report says which: never a silent guess.
/// </summary>
public static class CsvEncodings
{
    /// <summary>Countries whose Windows writes Central European (1250) files.</summary>
    private static readonly HashSet<string> CentralEurope = new(StringComparer.OrdinalIgnoreCase) { "PL", "CZ", "SK", "HU", "SI", "HR", "RO", "BA", "RS", "AL" };

    private static readonly Encoding Utf8Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>For each byte from 0x80, 1 when the code page makes it a letter (read once: the code pages never change).</summary>
    private static readonly byte[] Letters1250;
    private static readonly byte[] Letters1252;

    static CsvEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // Before the code pages are first asked for.
        Letters1250 = LetterTable(Windows1250);
        Letters1252 = LetterTable(Windows1252);
    }

    public static readonly IReadOnlyList<string> Names = ["utf-8", "windows-1250", "windows-1252"];

    private static Encoding Windows1250 => Encoding.GetEncoding(1250);

    private static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>The encoding of a name the uploader gives (utf-8, windows-1250, windows-1252, cp1250, ...), or null.</summary>
    public static Encoding? ByName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => Utf8Strict,
        "windows-1250" or "cp1250" or "1250" => Windows1250,
        "windows-1252" or "cp1252" or "1252" or "latin1" => Windows1252,
        _ => null,
    };

    /// <summary>Whether the whole stream is valid in <paramref name="encoding"/> (only UTF-8 can fail: every byte means something in 125x).</summary>
    public static async Task<bool> IsValidAsync(Stream file, Encoding encoding, CancellationToken cancellationToken)
    {
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            return true;
        }

        return (await ScanAsync(file, cancellationToken)).ValidUtf8;
    }

    /// <summary>
    /// The encoding the file is in: a UTF-16 byte order mark says; else valid UTF-8 is UTF-8; else it is a
    /// Windows code page, the one whose reading gives more letters (ą, ś, ż are letters in 1250 but
    /// ¹, œ, ¿ in 1252), and on a tie (ä, ö, ü are the same in both) the one of the clinic's country.
    /// </summary>
    public static async Task<Encoding> DetectAsync(Stream file, string? country, CancellationToken cancellationToken)
    {
        var start = new byte[2];
        file.Position = 0;
        var got = await file.ReadAtLeastAsync(start, 2, throwOnEndOfStream: false, cancellationToken);
        if (got == 2 && (start[0], start[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
        {
            file.Position = 0;
            return start[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode; // Excel's "Unicode text".
        }

        var scan = await ScanAsync(file, cancellationToken);
        if (scan.ValidUtf8)
        {
            return Utf8Strict;
        }

        if (scan.Letters1250 != scan.Letters1252)
        {
            return scan.Letters1250 > scan.Letters1252 ? Windows1250 : Windows1252;
        }

        return country is not null && CentralEurope.Contains(country) ? Windows1250 : Windows1252;
    }

    /// <summary>The name the report shows for an encoding.</summary>
    public static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        1250 => "windows-1250",
        1252 => "windows-1252",
        _ => encoding.WebName,
    };

    private sealed record Scan(bool ValidUtf8, long Letters1250, long Letters1252);

    private static async Task<Scan> ScanAsync(Stream file, CancellationToken cancellationToken)
    {
        var decoder = Utf8Strict.GetDecoder();
        var buffer = new byte[1 << 16];
        var validUtf8 = true;
        long score1250 = 0, score1252 = 0;
        file.Position = 0;
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            if (validUtf8)
            {
                try
                {
                    decoder.GetCharCount(chunk, flush: false); // Keeps a character split between chunks for the next.
                }
                catch (DecoderFallbackException)
                {
                    validUtf8 = false;
                }
            }

            foreach (var b in chunk)
            {
                if (b >= 0x80)
                {
                    score1250 += Letters1250[b - 0x80];
                    score1252 += Letters1252[b - 0x80];
                }
            }
        }

        if (validUtf8)
        {
            try
            {
                decoder.GetCharCount([], flush: true); // A file that ends inside a character is not UTF-8.
            }
            catch (DecoderFallbackException)
            {
                validUtf8 = false;
            }
        }

        file.Position = 0;
        return new Scan(validUtf8, score1250, score1252);
    }

    private static byte[] LetterTable(Encoding encoding)
    {
        var bytes = Enumerable.Range(0x80, 0x80).Select(b => (byte)b).ToArray();
        var chars = encoding.GetChars(bytes);
        return [.. chars.Select(c => char.IsLetter(c) ? (byte)1 : (byte)0)];
    }
}
