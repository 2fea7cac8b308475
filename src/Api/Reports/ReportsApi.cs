using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Problems;
using Recall.Grains;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Security;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Reports;

namespace Recall.Api.Reports;

/// <summary>The daily, 30-day and monthly reports as JSON, or CSV with <c>?format=csv</c> (or Accept: text/csv).</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var reports = routes.MapGroup("/clinics/{clinicId}/reports").RequireAuthorization().RequireClinicAccess().WithTags("Reports");
        reports.MapGet("/daily", Daily);
        reports.MapGet("/contact-due", ContactDue);
        reports.MapGet("/monthly", Monthly);
        return routes;
    }

    private static readonly string OutOfRange = $"Reports cover {RequestShapeFilter.EarliestYear} to {RequestShapeFilter.LatestYear}.";

    /// <summary>A day, <c>?date=2026-11-23</c> (default: today at the clinic); read here so a bad one is a problem naming the field.</summary>
    public static async Task<IResult> Daily(string clinicId, HttpRequest request, IGrainFactory grains, string? date = null, string? format = null)
    {
        DateOnly? day = null;
        if (date is not null)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = [$"'{date}' is not a date such as 2026-11-23."] });
            }

            if (!RequestShapeFilter.IsInRange(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = [OutOfRange] });
            }

            day = parsed;
        }

        var report = await grains.GetGrain<IClinicGrain>(clinicId).GetDailyReportAsync(day);
        return Respond(request, format, report, () => ReportCsv.Daily(report), $"daily-{report.Date:yyyy-MM-dd}.csv");
    }

    public static async Task<IResult> ContactDue(string clinicId, HttpRequest request, IGrainFactory grains, string? format = null)
    {
        var report = await grains.GetGrain<IClinicGrain>(clinicId).GetContactDueReportAsync();
        return Respond(request, format, report, () => ReportCsv.ContactDue(report), $"contact-due-{report.AsOf:yyyy-MM-dd}.csv");
    }

    /// <summary>A calendar month, <c>?month=2026-10</c> (default: the month before this one).</summary>
    public static async Task<IResult> Monthly(string clinicId, HttpRequest request, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time, string? month = null, string? format = null)
    {
        DateOnly first;
        if (month is null)
        {
            var today = (await grains.GetGrain<IClinicGrain>(clinicId).GetRecallContextAsync()).Today(time.GetUtcNow());
            first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        }
        else if (!DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = [$"'{month}' is not a month such as 2026-10."] });
        }
        else if (!RequestShapeFilter.IsInRange(first))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = [OutOfRange] });
        }

        var report = await grains.GetGrain<IClinicGrain>(clinicId).GetMonthlyReportAsync(first);
        return Respond(request, format, report, () => ReportCsv.Monthly(report), $"monthly-{report.Month}.csv");
    }

    private static IResult Respond<T>(HttpRequest request, string? format, T report, Func<string> csv, string fileName)
    {
        var wantsCsv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));
        if (format is not null && !wantsCsv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["The format is json or csv."] });
        }

        return wantsCsv ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv()), "text/csv; charset=utf-8", fileName) : TypedResults.Ok(report);
    }
}
