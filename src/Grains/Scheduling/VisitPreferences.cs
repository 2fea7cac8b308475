using Orleans;

namespace Recall.Grains.Scheduling;

/// <summary>When the patient prefers to come: days of the week and a range of local time (all optional).</summary>
[GenerateSerializer, Immutable]
public sealed record VisitPreferences(IReadOnlyList<DayOfWeek>? Days = null, TimeOnly? NotBefore = null, TimeOnly? NotAfter = null)
{
    public void Check(Hosting.ValidationErrors errors)
    {
        if (NotBefore is { } from && NotAfter is { } to && from >= to)
        {
            errors.Add("notBefore", "The earliest time must be before the latest.");
        }

        if (Days is { Count: 0 })
        {
            errors.Add("days", "Leave days out for any day, or list at least one.");
        }
    }
}

/// <summary>The suggested date of the next visit and the reasons it was chosen.</summary>
[GenerateSerializer, Immutable]
public sealed record SuggestedVisit(DateOnly Date, TimeOnly? NotBefore, TimeOnly? NotAfter, IReadOnlyList<string> Reasons);

/// <summary>
/// Suggests the next visit date (step 10): the recall's due date, moved later when the insurer's
/// frequency limits do not allow it yet, never in the past, then to the patient's next preferred day. Pure.
/// </summary>
public static class VisitSuggester
{
    public static SuggestedVisit Suggest(DateOnly dueDate, string dueReason, DateOnly? insurerEarliest, VisitPreferences? preferences, DateOnly today)
    {
        var reasons = new List<string> { dueReason };
        var date = dueDate;
        if (insurerEarliest is { } allowed && allowed > date)
        {
            date = allowed;
            reasons.Add($"The insurer's frequency limits allow it from {allowed:yyyy-MM-dd}.");
        }

        if (date <= today)
        {
            date = today.AddDays(1);
            reasons.Add("Already due: the first day from tomorrow.");
        }

        if (preferences?.Days is { Count: > 0 } days)
        {
            var moved = date;
            while (!days.Contains(moved.DayOfWeek))
            {
                moved = moved.AddDays(1);
            }

            if (moved != date)
            {
                reasons.Add($"Moved to {moved.DayOfWeek}, a day the patient prefers.");
                date = moved;
            }
        }

        if (preferences?.NotBefore is not null || preferences?.NotAfter is not null)
        {
            reasons.Add($"Between {preferences.NotBefore?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "opening"} and {preferences.NotAfter?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "closing"}, as the patient prefers.");
        }

        return new SuggestedVisit(date, preferences?.NotBefore, preferences?.NotAfter, reasons);
    }
}
