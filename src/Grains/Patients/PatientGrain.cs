using Recall.Grains.Clinics;
using Recall.Grains.Hosting;

namespace Recall.Grains.Patients;

[Orleans.GrainType("patient")] // The stored grain type: part of the database, never renamed.
public sealed partial class PatientGrain : Grain<PatientState>, IPatientGrain, IRemindable
{
    private const string DueReminderPrefix = "recall-due:";

    private string ClinicId => GrainKey[..GrainKey.IndexOf('/', StringComparison.Ordinal)];

    private string PatientId => GrainKey[(GrainKey.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public async Task<PatientView> CreateAsync(PatientData data)
    {
        var context = await LoadRecallContextAsync();
        if (State.Exists)
        {
            throw new GrainConflictException($"The patient '{PatientId}' already exists.");
        }

        SetProfile(data, context);
        return View(context);
    }

    public async Task<PatientView> UpdateAsync(PatientData data)
    {
        var context = await LoadRecallContextAsync();
        EnsureExists();
        SetProfile(data, context);
        return View(context);
    }

    public async Task<PatientView> ImportAsync(PatientData data, IReadOnlyList<VisitInput> visits, PatientFields supplied)
    {
        // An import touches each patient once: a million activations kept until the idle collection
        // would hold gigabytes and slow every garbage collection.
        DeactivateOnIdle();
        var context = await LoadRecallContextAsync();
        if (State.Exists)
        {
            data = data.KeepingUnsupplied(State.Profile!, supplied);
        }

        var today = context.Today(Time.GetUtcNow());
        var errors = new ValidationErrors();
        data = PatientValidation.Check(data, context.Languages, context.Country, today, errors)!;
        for (var i = 0; i < visits.Count; i++)
        {
            CheckVisit(visits[i], today, errors, $"visits[{i}].");
        }

        errors.ThrowIfAny();
        SetProfile(data, context);
        foreach (var visit in visits.OrderBy(v => v.Date))
        {
            await ApplyVisitAsync(visit, context);
        }

        Replan(context);
        return View(context);
    }

    public async Task<PatientView?> GetAsync()
    {
        if (!State.Exists)
        {
            return null;
        }

        return View(await LoadRecallContextAsync());
    }

    public async Task<RecallStatusView> RecordVisitAsync(VisitInput visit)
    {
        var context = await LoadRecallContextAsync();
        EnsureExists();
        var errors = new ValidationErrors();
        CheckVisit(visit, context.Today(Time.GetUtcNow()), errors, "");
        errors.ThrowIfAny();

        await ApplyVisitAsync(visit, context);
        Replan(context);
        return StatusView(context);
    }

    public async Task<RecallStatusView> GetRecallStatusAsync()
    {
        var context = await LoadRecallContextAsync();
        EnsureExists();
        return StatusView(context);
    }

    public async Task<RecallStatusView> SetManualDueDateAsync(string recallType, DateOnly? dueDate)
    {
        var context = await LoadRecallContextAsync();
        EnsureExists();
        if (context.Rules.All(r => r.Type != recallType))
        {
            throw GrainValidationException.For("recallType", $"The clinic has no recall rule '{recallType}'.");
        }

        // A date far out of any recall's range also breaks the time arithmetic in the clinic's zone (issue #16).
        if (dueDate is { Year: < 1900 or > 2200 })
        {
            throw GrainValidationException.For("dueDate", "A due date between 1900 and 2200.");
        }

        var index = State.Cycles.FindIndex(c => c.RecallType == recallType);
        if (index >= 0)
        {
            State.Cycles[index] = State.Cycles[index] with { ManualDueDate = dueDate };
        }
        else if (dueDate is { } date)
        {
            State.Cycles.Add(new RecallCycle(recallType, null, date, RecallStatus.Due, Time.GetUtcNow(), date));
        }

        Replan(context);
        return StatusView(context);
    }

    public async Task RefreshRecallsAsync()
    {
        if (State.Exists)
        {
            Replan(await LoadRecallContextAsync());
        }
    }

    /// <summary>
    /// The patient's reminders. The due-date reminder: at midnight on the due date the cycle turns
    /// Overdue and the outreach starts. It also fires at once for a cycle that is already overdue but
    /// owed its notice (imported late, or the silo was down over midnight).
    /// </summary>
    public async Task ReceiveReminderAsync(ReminderTick tick)
    {
        if (!State.Exists)
        {
            return;
        }

        Func<ReminderTick, Task>? handler = tick.Name switch
        {
            var n when n.StartsWith(UncertainCheckPrefix, StringComparison.Ordinal) => CheckUncertainSendAsync,
            var n when n.StartsWith(OverdueAlertPrefix, StringComparison.Ordinal) => AlertOverdueAsync,
            var n when n.StartsWith(NoResponsePrefix, StringComparison.Ordinal) => FollowUpNoResponseAsync,
            var n when n.StartsWith(AppointmentReminderPrefix, StringComparison.Ordinal) => RemindOfAppointmentAsync,
            var n when n.StartsWith(DueReminderPrefix, StringComparison.Ordinal) => FallDueAsync,
            var n when n.StartsWith(SendReminderPrefix, StringComparison.Ordinal) => FireSendAsync,
            _ => null,
        };
        if (handler is not null)
        {
            await handler(tick);
        }
    }

    private async Task FallDueAsync(ReminderTick tick)
    {
        var context = await LoadRecallContextAsync();
        var index = State.Cycles.FindIndex(c => c.RecallType == tick.Name[DueReminderPrefix.Length..]);
        if (index < 0)
        {
            return; // The cycle is gone (rule removed).
        }

        var cycle = State.Cycles[index];
        var dueStart = context.StartOf(cycle.DueDate);
        if (dueStart > tick.DueAt)
        {
            RegisterOrUpdateReminder(tick.Name, dueStart); // The due instant moved later (new date, new time zone): wait for it.
            return;
        }

        var now = Time.GetUtcNow();
        if (cycle.Status is RecallStatus.Due or RecallStatus.Contacted)
        {
            // Contacted before the due date and still not booked: overdue now, but no first notice on top of the contact.
            cycle = cycle with { Status = RecallStatus.Overdue, StatusSince = now, NoticeSent = cycle.NoticeSent || cycle.Status == RecallStatus.Contacted };
            PublishStatus(context, cycle, RecallStatus.Overdue);
        }

        if (cycle.Status == RecallStatus.Overdue && !cycle.NoticeSent && State.Profile!.Status == PatientStatus.Active)
        {
            cycle = await StartOutreachAsync(cycle, context);
        }

        State.Cycles[index] = cycle;
        State.UpdatedAt = now;
    }

    protected override IEnumerable<QueryRow> ProjectRows()
    {
        if (!State.Exists)
        {
            // An erased patient leaves only what reports count, with no name, address or number in it.
            foreach (var row in CountedRows())
            {
                yield return row;
            }

            yield break;
        }

        var profile = State.Profile!;
        var lastVisit = State.Visits.Count == 0 ? (DateOnly?)null : State.Visits.Max(v => v.Date);
        yield return new PatientRow(ClinicId, PatientId, profile.FirstName, profile.LastName, profile.Phone, profile.Email,
            profile.Status, profile.ResponsibleParty?.Id, lastVisit, State.HardToReach is not null,
            State.InboundMessages.Any(m => m.NeedsHuman && !m.Handled), State.Cycles.Any(c => c.RecallRequired), State.Insurance?.ValidTo,
            profile.ResponsibleParty?.Name);
        foreach (var task in State.Tasks)
        {
            yield return Tasks.TaskRow.Of(ClinicId, PatientId, task);
        }

        foreach (var send in SendRows())
        {
            yield return send;
        }

        foreach (var appointment in State.Appointments)
        {
            yield return new AppointmentRow(ClinicId, PatientId, appointment.Id, appointment.VisitTypeId, appointment.VisitTypeName, appointment.RecallType,
                appointment.Start, appointment.End, appointment.Status, appointment.BookedAt);
        }

        if (profile.Status == PatientStatus.Active)
        {
            foreach (var cycle in State.Cycles)
            {
                yield return new RecallCycleRow(ClinicId, PatientId, cycle.RecallType, cycle.DueDate, cycle.Status, cycle.LastVisit);
            }
        }

        foreach (var row in CountedRows())
        {
            yield return row;
        }
    }

    /// <summary>The rows reports count: completed cycles and contact attempts.</summary>
    private IEnumerable<QueryRow> CountedRows()
    {
        foreach (var done in State.CompletedCycles)
        {
            yield return new CompletedCycleRow(ClinicId, PatientId, done.RecallType, done.DueDate, done.CompletedOn);
        }

        foreach (var attempt in State.ContactAttempts)
        {
            yield return new ContactAttemptRow(ClinicId, PatientId, attempt.At, attempt.Channel, attempt.MessageKey, attempt.Outcome, attempt.Delivery);
        }
    }

    private Task<RecallContext> LoadRecallContextAsync() => GrainFactory.GetGrain<IClinicGrain>(ClinicId).GetRecallContextAsync();

    private void SetProfile(PatientData data, RecallContext context)
    {
        var now = Time.GetUtcNow();
        data = PatientValidation.Validated(data, context.Languages, context.Country, context.Today(now));
        if (!State.Exists)
        {
            State.Exists = true;
            State.CreatedAt = now;
        }

        State.Profile = data;
        State.UpdatedAt = now;
        Replan(context);
    }

    private static void CheckVisit(VisitInput visit, DateOnly today, ValidationErrors errors, string prefix)
    {
        if (visit.Date > today)
        {
            errors.Add(prefix + "date", $"A visit is recorded once it took place; {visit.Date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}) at the clinic.");
        }

        if (visit.ServiceCodes is null || visit.ServiceCodes.Count == 0 || visit.ServiceCodes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(prefix + "serviceCodes", "List the services performed (e.g. [\"D1110\"]), none blank.");
        }
    }

    /// <summary>Adds the visit (once) and closes each open cycle the visit completes.</summary>
    private async Task ApplyVisitAsync(VisitInput input, RecallContext context)
    {
        var duplicate = State.Visits.Any(v => input.VisitId is not null
            ? v.VisitId == input.VisitId
            : v.Date == input.Date && v.ServiceCodes.SequenceEqual(input.ServiceCodes, StringComparer.OrdinalIgnoreCase));
        if (duplicate)
        {
            return;
        }

        var visit = new Visit(input.Date, [.. input.ServiceCodes], Time.GetUtcNow(), input.VisitId);
        State.Visits.Add(visit);
        State.UpdatedAt = Time.GetUtcNow();
        PlanStaffFollowUps(visit, context);
        foreach (var rule in context.Rules.Where(r => r.IsCompletedBy(input.ServiceCodes)))
        {
            var index = State.Cycles.FindIndex(c => c.RecallType == rule.Type);
            if (index < 0 || State.Cycles[index] is not { } open || (open.LastVisit is { } last && input.Date <= last))
            {
                continue; // No open cycle, or a back-filled visit older than the one that opened it.
            }

            EndOutreach(open, "visit recorded"); // Done: nothing still queued for this cycle may go out.
            CloseTasks(t => t.RecallType == rule.Type, "visit recorded");
            await SettleAppointmentsAsync(rule.Type, input.Date, context);
            PublishStatus(context, open, RecallStatus.Completed);
            if (!State.CompletedCycles.Contains(new CompletedCycle(rule.Type, open.DueDate, input.Date)))
            {
                State.CompletedCycles.Add(new CompletedCycle(rule.Type, open.DueDate, input.Date));
            }

            State.Cycles[index] = open with { ManualDueDate = null, Status = RecallStatus.Due, NoticeSent = false, OutreachStartedAt = null };
        }
    }

    /// <summary>Recomputes the cycles and keeps one due-date reminder per open cycle that is still ahead.</summary>
    private void Replan(RecallContext context)
    {
        var now = Time.GetUtcNow();
        var today = context.Today(now);
        var before = State.Cycles;
        State.Cycles = RecallPlanner.Plan(State.Visits, State.Cycles, context.Rules, today, now);
        foreach (var old in before.Where(c => c.NoticeSent && (State.Profile!.Status != PatientStatus.Active || !State.Cycles.Any(n => n.RecallType == c.RecallType && n.DueDate == c.DueDate))))
        {
            CancelMessage(NoticeKey(old)); // Inactive or deceased now, or the due date moved: the queued notice no longer applies.
        }

        var wanted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (State.Profile!.Status == PatientStatus.Active)
        {
            foreach (var cycle in State.Cycles)
            {
                if (cycle.Status is RecallStatus.Due or RecallStatus.Contacted && cycle.DueDate > today)
                {
                    wanted[DueReminderPrefix + cycle.RecallType] = context.StartOf(cycle.DueDate);
                }
                else if (cycle.Status is RecallStatus.Due or RecallStatus.Overdue && !cycle.NoticeSent)
                {
                    wanted[DueReminderPrefix + cycle.RecallType] = Max(context.StartOf(cycle.DueDate), now); // Owed a notice: at once.
                }
            }
        }

        foreach (var reminder in GetReminders().Where(r => r.Name.StartsWith(DueReminderPrefix, StringComparison.Ordinal) && !wanted.ContainsKey(r.Name)))
        {
            UnregisterReminder(reminder.Name);
        }

        foreach (var (name, dueAt) in wanted)
        {
            RegisterOrUpdateReminder(name, dueAt);
        }

        PlanRuleSends(context);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw new GrainNotFoundException($"There is no patient '{PatientId}'.");
        }
    }

    private PatientView View(RecallContext context) => new(
        PatientId,
        State.Profile!,
        CycleViews(context),
        State.Visits.Count == 0 ? null : State.Visits.Max(v => v.Date),
        State.Visits.Count,
        State.CreatedAt,
        State.UpdatedAt,
        State.Profile!.Phone is { } phone ? Phones.PhoneParser.LineTypeOf(phone) : null,
        State.EmailOptedOutAt);

    private RecallStatusView StatusView(RecallContext context) =>
        new(PatientId, context.Today(Time.GetUtcNow()), CycleViews(context), [.. State.CompletedCycles], [.. State.ContactAttempts]);

    private List<RecallCycleView> CycleViews(RecallContext context)
    {
        var today = context.Today(Time.GetUtcNow());
        return [.. State.Cycles.Select(c => new RecallCycleView(
            c.RecallType,
            context.Rules.FirstOrDefault(r => r.Type == c.RecallType)?.Name ?? c.RecallType,
            c.Status,
            c.DueDate,
            c.ManualDueDate is not null,
            DueColours.Of(c.DueDate, today),
            c.DueDate.DayNumber - today.DayNumber,
            c.LastVisit,
            c.LastVisit is { } last ? today.DayNumber - last.DayNumber : null))];
    }
}
