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

    private static string Write(string[] header, IEnumerable<string?[]> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Field(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
