using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Queries;

namespace Recall.Grains.Reports;

/// <summary>Builds the reports from the query rows (never by waking every patient grain).</summary>
public sealed class ReportBuilder(IRecallQueries queries)
{
    public const int ContactWindowDays = 30;

    public async Task<DailyReport> DailyAsync(string clinicId, RecallContext context, DateOnly date, CancellationToken cancellationToken)
    {
        var from = context.StartOf(date);
        var visits = await queries.ListAppointmentsAsync(clinicId, from, context.StartOf(date.AddDays(1)), cancellationToken);
        var ahead = await queries.CountBookedRecallVisitsAsync(clinicId, from, cancellationToken);
        return new DailyReport(clinicId, date,
            [.. visits.Where(v => v.RecallType is not null).Select(v => v with { Start = TimeZoneInfo.ConvertTime(new DateTimeOffset(v.Start, TimeSpan.Zero), context.Zone).DateTime })],
            ahead);
    }

    public async Task<ContactDueReport> ContactDueAsync(string clinicId, DateOnly today, CancellationToken cancellationToken)
    {
        var until = today.AddDays(ContactWindowDays);
        var due = await queries.ListToContactAsync(clinicId, until, cancellationToken);
        var overdue = due.Count(p => p.DueDate <= today);
        return new ContactDueReport(clinicId, today, until, overdue, due.Count - overdue, due.Count, due);
    }

    public async Task<MonthlyReport> MonthlyAsync(string clinicId, RecallContext context, DateOnly month, CancellationToken cancellationToken)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var next = first.AddMonths(1);
        var (from, to) = (context.StartOf(first), context.StartOf(next));
        var counts = (await queries.CountContactsAsync(clinicId, from, to, recallOutreachOnly: true, cancellationToken)).Where(c => c.Channel != "none").ToList();
        var attempts = counts.Sum(c => c.Attempts);
        var successful = counts.Where(c => c.Outcome == OutboxOutcome.Sent).Sum(c => c.Attempts - c.Undelivered);
        var summary = await queries.SummarizeMonthAsync(clinicId, from, to, first, next, cancellationToken);
        return new MonthlyReport(clinicId, first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), attempts, successful,
            attempts == 0 ? 0 : Math.Round((double)successful / attempts, 4), counts, summary.PatientsContacted, summary.VisitsBooked, summary.CompletedOnTime, summary.CompletedLate);
    }
}
