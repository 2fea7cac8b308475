using Recall.Grains.Clinics;

namespace Recall.Grains.Patients;

/// <summary>
/// When the next message to a patient may go out: the first moment, from a given instant, that is
/// inside the clinic's sending window and under the daily and weekly caps, counting the messages
/// already scheduled. Pure, so the rules are tested without a host.
/// </summary>
public static class SendSchedule
{
    public static DateTimeOffset Next(DateTimeOffset from, RecallContext context, IReadOnlyCollection<DateTimeOffset> scheduled)
    {
        var rules = context.SendingRules;
        var candidate = from;
        for (var guard = 0; guard < 400; guard++)
        {
            candidate = IntoWindow(candidate, context, rules);
            var day = context.Today(candidate);
            var sameDay = scheduled.Count(s => context.Today(s) == day);
            if (sameDay >= rules.MaxPerDay)
            {
                candidate = context.At(day.AddDays(1), rules.WindowOpens);
                continue;
            }

            var lastWeek = scheduled.Where(s => s > candidate - TimeSpan.FromDays(7) && s <= candidate).Order().ToList();
            if (lastWeek.Count >= rules.MaxPerWeek)
            {
                candidate = lastWeek[lastWeek.Count - rules.MaxPerWeek] + TimeSpan.FromDays(7); // When the oldest counted send leaves the week.
                continue;
            }

            return candidate;
        }

        throw new InvalidOperationException("No time to send within 400 days: the sending rules admit none.");
    }

    /// <summary>The first moment from <paramref name="from"/> inside the sending window, caps aside: for messages about a booked visit, which the patient expects.</summary>
    public static DateTimeOffset InWindow(DateTimeOffset from, RecallContext context) => IntoWindow(from, context, context.SendingRules);

    private static DateTimeOffset IntoWindow(DateTimeOffset instant, RecallContext context, SendingRules rules)
    {
        var day = context.Today(instant);
        var opens = context.At(day, rules.WindowOpens);
        if (instant < opens)
        {
            return opens;
        }

        return instant < context.At(day, rules.WindowCloses) ? instant : context.At(day.AddDays(1), rules.WindowOpens);
    }
}
