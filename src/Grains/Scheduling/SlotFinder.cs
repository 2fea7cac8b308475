namespace Recall.Grains.Scheduling;

/// <summary>
/// Free slots for a visit type: every start on a 15-minute grid where one resource of each needed
/// kind is working (inside its hours, outside its breaks) and not booked. Hours are local; the
/// <c>at</c> function turns a local date and time into an instant in the clinic's zone, so a day
/// when clocks change still yields the right instants. Pure.
/// </summary>
public static class SlotFinder
{
    public const int StepMinutes = 15;

    public static List<Slot> Find(ScheduleSetup setup, IReadOnlyList<Appointment> appointments, Func<DateOnly, TimeOnly, DateTimeOffset> at, DateTimeOffset now, SlotQuery query)
    {
        var type = setup.VisitTypes.Single(v => v.Id == query.VisitTypeId);
        var duration = TimeSpan.FromMinutes(type.DurationMinutes);
        var rangeStart = at(query.From, TimeOnly.MinValue);
        var rangeEnd = at(query.From.AddDays(query.Days), TimeOnly.MinValue).AddDays(1);
        var booked = appointments.Where(a => a.Status == AppointmentStatus.Booked && a.End > rangeStart && a.Start < rangeEnd).ToList();
        var slots = new List<Slot>();
        for (var day = query.From; day < query.From.AddDays(query.Days) && slots.Count < query.Max; day = day.AddDays(1))
        {
            if (query.OnDays is { Count: > 0 } days && !days.Contains(day.DayOfWeek))
            {
                continue;
            }

            for (var minute = 0; minute + type.DurationMinutes <= 24 * 60 && slots.Count < query.Max; minute += StepMinutes)
            {
                var from = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute));
                if (from < query.NotBefore || (query.NotAfter is { } latest && from > latest))
                {
                    continue;
                }

                var start = at(day, from);
                if (start < now)
                {
                    continue;
                }

                if (FreeResources(setup, type, booked, day, from, start, start + duration) is { } resources)
                {
                    slots.Add(new Slot(start, start + duration, resources));
                }
            }
        }

        return slots;
    }

    /// <summary>One free, working resource per kind the visit needs (the first listed of each kind), or null.</summary>
    public static IReadOnlyList<string>? FreeResources(
        ScheduleSetup setup, VisitType type, IReadOnlyList<Appointment> booked, DateOnly day, TimeOnly from, DateTimeOffset start, DateTimeOffset end,
        IReadOnlyList<string>? wanted = null)
    {
        var localEnd = from.Add(end - start, out var wrapped);
        if (wrapped > 0)
        {
            return null; // Visits do not run past midnight.
        }

        var chosen = new List<string>(type.ResourceKinds.Count);
        foreach (var kind in type.ResourceKinds)
        {
            var resource = setup.Resources.FirstOrDefault(r =>
                r.Kind == kind && !chosen.Contains(r.Id) && (wanted is null || wanted.Contains(r.Id))
                && IsWorking(r, day.DayOfWeek, from, localEnd)
                && !booked.Any(a => a.Status == AppointmentStatus.Booked && a.ResourceIds.Contains(r.Id) && a.Start < end && start < a.End));
            if (resource is null)
            {
                return null;
            }

            chosen.Add(resource.Id);
        }

        return chosen;
    }

    private static bool IsWorking(ScheduleResource resource, DayOfWeek day, TimeOnly from, TimeOnly to) =>
        resource.Hours.Any(h => h.Day == day && h.From <= from && to <= h.To)
        && !(resource.Breaks ?? []).Any(b => b.Day == day && b.From < to && from < b.To);
}
