using System.Text;
using Recall.Grains.Patients;
using Recall.Grains.Queries;

namespace Recall.Silo.Storage;

/// <summary>
/// The patients list's filters as one SQL condition for both dialects, so SQLite and PostgreSQL
/// cannot drift apart. Parameters: clinic, status, today, yellowEnd, dueBy, party, exact, search.
/// </summary>
internal static class PatientListSql
{
    /// <summary>The WHERE condition over patients <c>p</c>; <paramref name="prefix"/> marks parameters ($ or @), <paramref name="like"/> is the case-insensitive match.</summary>
    public static string Where(PatientFilter filter, char prefix, string like)
    {
        var where = new StringBuilder($"p.clinic_id = {prefix}clinic");
        var cycle = new List<string>();
        if (filter.Status is not null)
        {
            cycle.Add($"r.status = {prefix}status");
        }

        switch (filter.Colour)
        {
            case DueColour.Red: cycle.Add($"r.due_date <= {prefix}today"); break;
            case DueColour.Yellow: cycle.Add($"r.due_date > {prefix}today AND r.due_date <= {prefix}yellowEnd"); break;
            case DueColour.Black: cycle.Add($"r.due_date > {prefix}yellowEnd"); break;
        }

        if (filter.DueWithinDays is not null)
        {
            cycle.Add($"r.due_date <= {prefix}dueBy");
        }

        if (cycle.Count > 0)
        {
            // A patient matches when one of its open cycles matches every cycle filter.
            where.Append(" AND EXISTS (SELECT 1 FROM recall_cycles r WHERE r.clinic_id = p.clinic_id AND r.patient_id = p.patient_id AND ")
                .AppendJoin(" AND ", cycle).Append(')');
        }

        if (filter.HardToReach is { } hard)
        {
            where.Append(hard ? " AND p.hard_to_reach" : " AND NOT p.hard_to_reach");
        }

        if (filter.AwaitingReply is { } awaiting)
        {
            where.Append(awaiting ? " AND p.awaiting_reply" : " AND NOT p.awaiting_reply");
        }

        if (filter.RecallRequired is { } required)
        {
            where.Append(required ? " AND p.recall_required" : " AND NOT p.recall_required");
        }

        switch (filter.Insurance)
        {
            case InsuranceState.Valid: where.Append(" AND p.insurance_valid_to >= ").Append(prefix).Append("today"); break;
            case InsuranceState.Expired: where.Append(" AND p.insurance_valid_to < ").Append(prefix).Append("today"); break;
            case InsuranceState.Missing: where.Append(" AND p.insurance_valid_to IS NULL"); break;
        }

        if (filter.ResponsiblePartyId is not null)
        {
            where.Append(" AND p.responsible_party_id = ").Append(prefix).Append("party");
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = $"{prefix}search ESCAPE '\\'";
            var exact = $"{prefix}exact";
            where.Append(" AND (p.last_name ").Append(like).Append(' ').Append(search).Append(" OR p.first_name ").Append(like).Append(' ').Append(search)
                .Append(" OR p.patient_id = ").Append(exact).Append(" OR p.phone = ").Append(exact).Append(" OR p.email = ").Append(exact).Append(')');
        }

        return where.ToString();
    }

    /// <summary>The list query's columns over patients <c>p</c> and the next cycle <c>n</c>, in the order <see cref="Summary"/> reads them.</summary>
    public const string Columns = "p.patient_id, p.first_name, p.last_name, p.phone, p.email, p.status, p.last_visit, n.recall_type, n.due_date, n.status, "
        + "p.hard_to_reach, p.awaiting_reply, p.recall_required, p.insurance_valid_to";

    /// <summary>
    /// One row of the list query (<see cref="Columns"/>) as a summary; <paramref name="date"/> reads a
    /// nullable date column the way the dialect stores it. The insurance state is as of the clinic's
    /// today, the same rule as the insurance filter, so a row never disagrees with the filter that found it.
    /// </summary>
    public static PatientSummary Summary(System.Data.Common.DbDataReader reader, DateOnly today, Func<int, DateOnly?> date)
    {
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        bool Flag(int ordinal) => Convert.ToBoolean(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var due = date(8);
        var insuredTo = date(13);
        return new PatientSummary(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(3), Text(4),
            Enum.Parse<PatientStatus>(reader.GetString(5)), date(6), Text(7), due,
            reader.IsDBNull(9) ? null : Enum.Parse<RecallStatus>(reader.GetString(9)),
            due is { } d ? DueColours.Of(d, today) : null,
            due is { } days ? days.DayNumber - today.DayNumber : null,
            Flag(10),
            Flag(11),
            Flag(12),
            insuredTo,
            insuredTo is not { } to ? InsuranceState.Missing : to >= today ? InsuranceState.Valid : InsuranceState.Expired);
    }

    /// <summary>The search text as a LIKE pattern that matches it anywhere, its wildcards escaped.</summary>
    public static string SearchPattern(string? search) =>
        "%" + (search?.Trim() ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
