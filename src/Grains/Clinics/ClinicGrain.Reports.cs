using Recall.Grains.Hosting;
using Recall.Grains.Reports;

namespace Recall.Grains.Clinics;

/// <summary>
/// The clinic's reports, built from the query rows, and their delivery: every day at the
/// configured local time the office manager gets the day's booked recall visits and the 30-day
/// contact summary (steps 11, 13, 14); on the 1st, last month's compliance report too (step 26).
/// </summary>
public sealed partial class ClinicGrain
{
    private const string DailyReportReminder = "daily-report";

    public async Task<DailyReport> GetDailyReportAsync(DateOnly? day)
    {
        var context = await GetRecallContextAsync();
        return await Reports.DailyAsync(ClinicId, context, day ?? context.Today(Time.GetUtcNow()), CancellationToken.None);
    }

    public async Task<ContactDueReport> GetContactDueReportAsync()
    {
        var context = await GetRecallContextAsync();
        return await Reports.ContactDueAsync(ClinicId, context.Today(Time.GetUtcNow()), CancellationToken.None);
    }

    public async Task<MonthlyReport> GetMonthlyReportAsync(DateOnly month) =>
        await Reports.MonthlyAsync(ClinicId, await GetRecallContextAsync(), month, CancellationToken.None);

    public async Task ReceiveReminderAsync(ReminderTick tick)
    {
        if (!State.Exists || tick.Name != DailyReportReminder || Workflow.ManagerEmail is not { } manager)
        {
            return;
        }

        var context = await GetRecallContextAsync();
        var date = context.Today(tick.DueAt);
        var daily = await Reports.DailyAsync(ClinicId, context, date, CancellationToken.None);
        var due = await Reports.ContactDueAsync(ClinicId, date, CancellationToken.None);
        Send(new OutboxMessage("email", $"report:daily:{date:yyyy-MM-dd}", manager, ReportText.Daily(context.ClinicName, daily, due),
            $"{context.ClinicName}: {daily.Visits.Count} recall visits today, {due.Total} patients to contact in 30 days"));
        if (date.Day == 1)
        {
            var monthly = await Reports.MonthlyAsync(ClinicId, context, date.AddMonths(-1), CancellationToken.None);
            Send(new OutboxMessage("email", $"report:monthly:{monthly.Month}", manager, ReportText.Monthly(context.ClinicName, monthly),
                $"{context.ClinicName}: recall compliance for {monthly.Month}"));
        }

        ScheduleReports();
    }

    private ReportBuilder Reports => new(queries);

    private RecallWorkflow Workflow => State.Settings!.Workflow ?? RecallWorkflow.Default;

    /// <summary>The next daily report at the configured local time (a one-shot reminder each day, so a change of clocks keeps the local time).</summary>
    private void ScheduleReports()
    {
        var settings = State.Settings!;
        if (Workflow.ManagerEmail is null)
        {
            UnregisterReminder(DailyReportReminder);
            return;
        }

        var context = new RecallContext(settings.Name, settings.TimeZone, settings.Languages, State.RecallRules);
        var now = Time.GetUtcNow();
        var today = context.Today(now);
        var next = context.At(today, Workflow.ReportTime);
        RegisterOrUpdateReminder(DailyReportReminder, next > now ? next : context.At(today.AddDays(1), Workflow.ReportTime));
    }
}
