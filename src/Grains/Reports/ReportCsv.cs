using System.Globalization;
using System.Text;

namespace Recall.Grains.Reports;

/// <summary>The reports as CSV (RFC 4180: a header row, fields quoted when they need it, CRLF line ends).</summary>
public static class ReportCsv
{
    public static string Daily(DailyReport report) => Write(
        ["date", "time", "patientId", "patientName", "visitType", "recallType", "status"],
        report.Visits.Select(v => new[] { $"{report.Date:yyyy-MM-dd}", v.Start.ToString("HH:mm", CultureInfo.InvariantCulture), v.PatientId, v.PatientName, v.VisitType, v.RecallType, v.Status.ToString() }));

    public static string ContactDue(ContactDueReport report) => Write(
        ["patientId", "patientName", "recallType", "dueDate", "status", "overdue", "phone", "email"],
        report.Patients.Select(p => new[]
        {
            p.PatientId, p.PatientName, p.RecallType, $"{p.DueDate:yyyy-MM-dd}", p.Status.ToString(), p.DueDate <= report.AsOf ? "yes" : "no", p.Phone, p.Email,
        }));

    public static string Monthly(MonthlyReport report) => Write(
        ["month", "channel", "outcome", "attempts", "delivered", "undelivered"],
        report.ByChannel.Select(c => new[]
        {
            report.Month, c.Channel, c.Outcome.ToString(), Number(c.Attempts), Number(c.Delivered), Number(c.Undelivered),
        }).Append([report.Month, "all", "successRate", Number(report.Attempts), Number(report.Successful), report.SuccessRate.ToString("0.####", CultureInfo.InvariantCulture)]));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV document: the header, then each row, every field guarded against running as a formula.</summary>
    public static string Write(string[] header, IEnumerable<string?[]> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> NumberCharacters = System.Buffers.SearchValues.Create("0123456789.");

    private static string Field(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (IsFormula(value))
        {
            value = "'" + value; // A spreadsheet shows it as text instead of running it.
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>
    /// A patient's name or email that a spreadsheet would run as a formula (CSV injection: =, @, +, -,
    /// tab, CR first). Numbers stay as they are, so phone numbers (+48...) and negative counts read right.
    /// </summary>
    private static bool IsFormula(string value) => value.Length > 0 && value[0] switch
    {
        '=' or '@' or '\t' or '\r' => true,
        '+' or '-' => value.Length == 1 || value.AsSpan(1).ContainsAnyExcept(NumberCharacters),
        _ => false,
    };
}
