using Orleans;
using Recall.Grains.Hosting;

namespace Recall.Grains.Insurance;

/// <summary>
/// The patient's primary insurance as the practice recorded it. Frequency limits are the insurer's
/// rules for preventive visits: at least <see cref="MinMonthsBetweenVisits"/> months apart, and at
/// most <see cref="MaxVisitsPerYear"/> in any 12 months. <see cref="VerifiedAt"/> says when staff
/// last confirmed it with the insurer.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InsurancePolicy(
    string Insurer,
    string Plan,
    string MemberId,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    int? MinMonthsBetweenVisits = null,
    int? MaxVisitsPerYear = null,
    DateTimeOffset? VerifiedAt = null,
    string? VerifiedBy = null)
{
    public static void Check(InsurancePolicy? policy, ValidationErrors errors)
    {
        if (policy is null)
        {
            errors.Add("insurance", "The insurance details are required.");
            return;
        }

        foreach (var (field, value) in new[] { ("insurer", policy.Insurer), ("plan", policy.Plan), ("memberId", policy.MemberId) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > 100)
            {
                errors.Add(field, $"The {field} is required (at most 100 characters).");
            }
        }

        if (policy.ValidTo < policy.ValidFrom)
        {
            errors.Add("validTo", "The policy must end on or after the day it starts.");
        }

        if (policy.MinMonthsBetweenVisits is < 1 or > 24)
        {
            errors.Add("minMonthsBetweenVisits", "Months between covered visits: 1 to 24, or leave it out.");
        }

        if (policy.MaxVisitsPerYear is < 1 or > 12)
        {
            errors.Add("maxVisitsPerYear", "Covered visits a year: 1 to 12, or leave it out.");
        }
    }
}

public enum CoverageStatus
{
    Covered,
    NotCovered,

    /// <summary>No insurance on file: the front desk must verify it (or the patient pays).</summary>
    Unknown,
}

/// <summary>Whether a recall visit on a date is covered, why, and the first date it would be.</summary>
[GenerateSerializer, Immutable]
public sealed record CoverageCheck(CoverageStatus Status, string Reason, DateOnly? EarliestCoveredDate);

/// <summary>Checks a policy against a visit date and the patient's earlier qualifying visits. Pure.</summary>
public static class Coverage
{
    public static CoverageCheck Check(InsurancePolicy? policy, IReadOnlyList<DateOnly> qualifyingVisits, DateOnly visitDate)
    {
        if (policy is null)
        {
            return new CoverageCheck(CoverageStatus.Unknown, "No insurance on file.", null);
        }

        var earliest = EarliestAllowed(policy, qualifyingVisits, visitDate);
        if (earliest > policy.ValidTo)
        {
            return new CoverageCheck(CoverageStatus.NotCovered, $"The policy ends on {policy.ValidTo:yyyy-MM-dd}, before the insurer's limits allow the visit.", null);
        }

        if (visitDate < earliest)
        {
            return new CoverageCheck(CoverageStatus.NotCovered, $"The insurer's frequency limits allow the visit from {earliest:yyyy-MM-dd}.", earliest);
        }

        return new CoverageCheck(CoverageStatus.Covered, $"{policy.Insurer} {policy.Plan}, valid {policy.ValidFrom:yyyy-MM-dd} to {policy.ValidTo:yyyy-MM-dd}.", visitDate);
    }

    /// <summary>Missing, expired, or ending before the visit: what makes a verification task.</summary>
    public static string? Problem(InsurancePolicy? policy, DateOnly today, DateOnly visitDate) => policy switch
    {
        null => "No insurance on file.",
        { ValidTo: var end } when end < today => $"The insurance expired on {end:yyyy-MM-dd}.",
        { ValidTo: var end } when end < visitDate => $"The insurance ends on {end:yyyy-MM-dd}, before the recall visit.",
        { ValidFrom: var start } when start > visitDate => $"The insurance starts only on {start:yyyy-MM-dd}.",
        _ => null,
    };

    /// <summary>The first date on or after <paramref name="from"/> inside the policy and its frequency limits.</summary>
    public static DateOnly EarliestAllowed(InsurancePolicy policy, IReadOnlyList<DateOnly> qualifyingVisits, DateOnly from)
    {
        var earliest = from < policy.ValidFrom ? policy.ValidFrom : from;
        if (policy.MinMonthsBetweenVisits is { } months && qualifyingVisits.Count > 0)
        {
            var next = qualifyingVisits.Max().AddMonths(months);
            earliest = next > earliest ? next : earliest;
        }

        if (policy.MaxVisitsPerYear is { } max)
        {
            // In any 12 months at most `max`: the visit waits until the oldest of the last `max` leaves the window.
            var recent = qualifyingVisits.Where(v => v > earliest.AddYears(-1)).Order().ToList();
            if (recent.Count >= max)
            {
                var frees = recent[recent.Count - max].AddYears(1).AddDays(1);
                earliest = frees > earliest ? frees : earliest;
            }
        }

        return earliest;
    }
}
