using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Security;
using Recall.Grains.Reports;

namespace Recall.Api.Audit;

/// <summary>The clinic's audit log for its admin: newest first, by patient or actor, as JSON pages or CSV.</summary>
public static class AuditApi
{
    private const int MaxPage = 1_000;
    private const int MaxCsvRows = 100_000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/clinics/{clinicId}").RequireAuthorization().RequireClinicAccess().WithTags("Audit")
            .MapGet("/audit", ReadAudit)
            .WithSummary("The audit log: who did what to which patient. ?patientId=, ?actor=, ?from=, ?to=, ?before= (the last id of the previous page), ?limit=, ?format=csv.");
        return routes;
    }

    public static async Task<IResult> ReadAudit(
        string clinicId, IAuditLog audit, CancellationToken cancellationToken,
        string? patientId = null, string? actor = null, DateTimeOffset? from = null, DateTimeOffset? to = null, long? before = null, int? limit = null, string? format = null)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["The format is json or csv."] });
        }

        if (limit is < 1 or > MaxPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"The limit is 1 to {MaxPage}."] });
        }

        var query = new AuditQuery(patientId, actor, from, to, before, csv ? MaxCsvRows : limit ?? 100);
        var entries = await audit.ReadAsync(clinicId, query, cancellationToken);
        if (!csv)
        {
            return TypedResults.Ok(new AuditPage(entries, entries.Count == query.Limit ? entries[^1].Id : null));
        }

        var text = ReportCsv.Write(["id", "at", "actor", "action", "patientId", "detail"], entries.Select(e => new[]
        {
            e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), e.Actor, e.Action, e.PatientId, e.Detail,
        }));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", $"audit-{clinicId}.csv");
    }
}

/// <summary>A page of the audit log, newest first; <see cref="Before"/> asks for the next (older) page, null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? Before);
