using Orleans;
using Recall.Grains.Patients;

namespace Recall.Grains.Retention;

/// <summary>One recall cycle's part in the score: how late the patient came (or how late they are so far).</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionFactor(string RecallType, DateOnly DueDate, DateOnly? CameOn, int DaysLate, double Points, double Weight, string Explanation);

/// <summary>The score (0-100, null without history), the formula, and each cycle that went into it.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionView(int? Score, string Formula, IReadOnlyList<RetentionFactor> Factors);

/// <summary>
/// Step 25: how reliably the patient comes back on time. Each of the last <see cref="Cycles"/>
/// recall cycles earns points by lateness: within 30 days of the due date (or early) 1.0, within
/// 90 days 0.6, within 180 days 0.3, later 0. A cycle still open more than 30 days past its due date
/// counts with its lateness so far (a patient who does not come back loses points while they stay
/// away). Recent cycles weigh more: the newest 1, each older one 0.8 times the next.
/// Score = round(100 x sum(points x weight) / sum(weight)). Pure.
/// </summary>
public static class RetentionScore
{
    public const int Cycles = 8;

    public const string Formula =
        "score = round(100 * sum(points * weight) / sum(weight)) over the last 8 recall cycles; points by days late: <=30 -> 1.0, <=90 -> 0.6, <=180 -> 0.3, more -> 0; " +
        "an open cycle over 30 days past due counts with its lateness so far; weight = 0.8^n, n = 0 for the newest cycle.";

    public static RetentionView Compute(IReadOnlyList<CompletedCycle> completed, IReadOnlyList<RecallCycle> open, DateOnly today)
    {
        var cycles = completed.Select(c => (c.RecallType, c.DueDate, CameOn: (DateOnly?)c.CompletedOn, Late: c.CompletedOn.DayNumber - c.DueDate.DayNumber))
            .Concat(open.Where(c => c.Status != RecallStatus.Scheduled && today.DayNumber - c.DueDate.DayNumber > 30)
                .Select(c => (c.RecallType, c.DueDate, CameOn: (DateOnly?)null, Late: today.DayNumber - c.DueDate.DayNumber)))
            .OrderByDescending(c => c.DueDate)
            .Take(Cycles)
            .ToList();
        if (cycles.Count == 0)
        {
            return new RetentionView(null, Formula, []);
        }

        var factors = cycles.Select((c, n) =>
        {
            var points = Points(c.Late);
            var when = c.CameOn is { } came
                ? c.Late <= 0 ? $"came on {came:yyyy-MM-dd}, on time" : $"came on {came:yyyy-MM-dd}, {c.Late} days late"
                : $"not back yet, {c.Late} days past due";
            return new RetentionFactor(c.RecallType, c.DueDate, c.CameOn, Math.Max(c.Late, 0), points, Math.Pow(0.8, n),
                $"{c.RecallType} due {c.DueDate:yyyy-MM-dd}: {when} -> {points:0.0} points");
        }).ToList();
        var score = 100 * factors.Sum(f => f.Points * f.Weight) / factors.Sum(f => f.Weight);
        return new RetentionView((int)Math.Round(score, MidpointRounding.AwayFromZero), Formula, factors);
    }

    private static double Points(int daysLate) => daysLate switch
    {
        <= 30 => 1.0,
        <= 90 => 0.6,
        <= 180 => 0.3,
        _ => 0,
    };
}
