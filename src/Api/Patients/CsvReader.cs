using System.Text;

namespace Recall.Api.Patients;

/// <summary>
/// Reads CSV records as RFC 4180 defines them: fields separated by commas (or semicolons, as
/// spreadsheets in Polish, Swedish and German locales write them), quoted fields with doubled quotes
/// and line breaks inside, CRLF or LF line ends. <see cref="Line"/> is the line a record starts on.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private char? separator;
    private int nextLine = 1;

    public int Line { get; private set; }

    /// <summary>The next record, or null at the end. An unterminated quote is an error naming its line.</summary>
    public async Task<string[]?> ReadAsync()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var sawAny = false;
        Line = nextLine;
        while (true)
        {
            var line = await reader.ReadLineAsync();
            if (line is null)
            {
                if (quoted)
                {
                    throw new FormatException($"A quoted field that starts on line {Line} is never closed.");
                }

                if (!sawAny)
                {
                    return null;
                }

                fields.Add(field.ToString());
                return [.. fields];
            }

            nextLine++;
            if (!sawAny && !quoted && line.Length == 0)
            {
                Line = nextLine;
                continue; // Blank lines between records carry nothing.
            }

            sawAny = true;
            separator ??= line.Count(c => c == ';') > line.Count(c => c == ',') ? ';' : ',';
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == separator)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            if (quoted)
            {
                field.Append('\n'); // The record goes on: the line break belongs to the quoted field.
                continue;
            }

            fields.Add(field.ToString());
            return [.. fields];
        }
    }
}
