using Orleans;

namespace Recall.Grains.Clinics;

/// <summary>
/// How often a recall type comes round. A completed visit with one of <see cref="ServiceCodes"/>
/// restarts the cycle: due = visit + <see cref="IntervalMonths"/> months + <see cref="IntervalDays"/>
/// days + <see cref="ExtraDays"/> (a margin that keeps the visit outside an insurer's frequency limit,
/// e.g. "twice a year, but not within 6 months of the last cleaning").
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecallRule(
    string Type,
    string Name,
    IReadOnlyList<string> ServiceCodes,
    int IntervalMonths,
    int IntervalDays = 0,
    int ExtraDays = 0)
{
    public DateOnly DueAfter(DateOnly visit) => visit.AddMonths(IntervalMonths).AddDays(IntervalDays + ExtraDays);

    public bool IsCompletedBy(IEnumerable<string> serviceCodes) =>
        serviceCodes.Any(code => ServiceCodes.Contains(code, StringComparer.OrdinalIgnoreCase));
}
