using System.Globalization;
using System.Text;

namespace Recall.Benchmarks;

/// <summary>
/// One scenario's results: tables and notes, printed to the console and written into that
/// scenario's section of docs/benchmarks.md (between its markers), leaving the rest of the page alone.
/// </summary>
internal sealed class Report(string section, string title)
{
    private readonly List<string> blocks = [];

    public string Section { get; } = section;

    public static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public void Note(string text)
    {
        Console.WriteLine(text);
        blocks.Add(text);
    }

    public void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
        }

        Console.WriteLine();
        var markdown = new StringBuilder();
        markdown.AppendLine("| " + string.Join(" | ", headers) + " |");
        markdown.AppendLine("| " + string.Join(" | ", headers.Select((_, i) => i == 0 ? "---" : "---:")) + " |");
        foreach (var row in all)
        {
            markdown.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        blocks.Add(markdown.ToString().TrimEnd());
    }

    /// <summary>Replaces this section in the page (or appends it), with the machine, date and commit.</summary>
    public void Write(string repository)
    {
        var path = Path.Combine(repository, "docs", "benchmarks.md");
        var page = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var begin = $"<!-- bench:{Section} -->";
        var end = $"<!-- /bench:{Section} -->";
        var body = new StringBuilder();
        body.AppendLine(begin);
        body.AppendLine("### " + title);
        body.AppendLine();
        body.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC at commit {Machine.Commit(repository)} on {Machine.Describe()}."));
        foreach (var block in blocks)
        {
            body.AppendLine();
            body.AppendLine(block);
        }

        body.Append(end);
        var from = page.IndexOf(begin, StringComparison.Ordinal);
        var to = page.IndexOf(end, StringComparison.Ordinal);
        page = from >= 0 && to > from
            ? page[..from] + body + page[(to + end.Length)..]
            : page.TrimEnd() + "\n\n" + body + "\n";
        File.WriteAllText(path, page);
        Console.WriteLine($"Wrote section '{Section}' of {path}.");
    }
}
