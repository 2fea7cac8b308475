using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Phones;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

public sealed class PatientGrain : Grain<PatientState>, IPatientGrain, IRemindable, IOutboxResultHandler, IDeliveryReportHandler
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
        var context = await LoadRecallContextAsync();
        if (State.Exists)
        {
            data = data.KeepingUnsupplied(State.Profile!, supplied);
        }

        var today = context.Today(Time.GetUtcNow());
        var errors = new ValidationErrors();
        PatientValidation.Check(data, context.Languages, today, errors);
        for (var i = 0; i < visits.Count; i++)
        {
            CheckVisit(visits[i], today, errors, $"visits[{i}].");
        }

        errors.ThrowIfAny();
        SetProfile(data, context);
        foreach (var visit in visits.OrderBy(v => v.Date))
        {
            ApplyVisit(visit, context);
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

        ApplyVisit(visit, context);
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
    /// The due-date reminder: at midnight on the due date the cycle turns Overdue and the first notice
    /// is queued. It also fires at once for a cycle that is already overdue but owed its notice
    /// (imported late, or the silo was down over midnight).
    /// </summary>
    public async Task ReceiveReminderAsync(ReminderTick tick)
    {
        if (!State.Exists || !tick.Name.StartsWith(DueReminderPrefix, StringComparison.Ordinal))
        {
            return;
        }

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
        }

        if (cycle.Status == RecallStatus.Overdue && !cycle.NoticeSent && State.Profile!.Status == PatientStatus.Active)
        {
            await SendRecallNoticeAsync(cycle, context);
            cycle = cycle with { NoticeSent = true };
        }

        State.Cycles[index] = cycle;
        State.UpdatedAt = now;
    }

    public async Task OnOutboxResultAsync(OutboxResult result)
    {
        await FallBackIfUndeliverableAsync(result);
        var earlier = State.ContactAttempts.FindLastIndex(a => a.MessageKey == result.MessageKey && a.Outcome == OutboxOutcome.Uncertain);
        if (earlier >= 0)
        {
            State.ContactAttempts.RemoveAt(earlier); // An uncertain send, now settled (a delivery report proved it went out).
        }

        State.ContactAttempts.Add(new ContactAttempt(result.At, result.Channel, result.MessageKey, result.Outcome, result.Error, result.ProviderMessageId,
            By: result.MessageKey.StartsWith(DueReminderPrefix, StringComparison.Ordinal) ? "rule:recall notice" : null));
        // Only the notice of the cycle's current due date counts: a late result for an older cycle must not mark the new one.
        var index = State.Cycles.FindIndex(c => result.MessageKey == NoticeKey(c) || result.MessageKey == NoticeKey(c) + ":email");
        if (result.Outcome == OutboxOutcome.Sent && result.Channel == "sms" && NoticeRecipientPhone() is { } texted)
        {
            await GrainFactory.GetGrain<IPhoneGrain>($"{ClinicId}/{texted}").RememberConversationAsync(PatientId, result.MessageKey);
        }

        if (result.Outcome == OutboxOutcome.Failed && result.Channel == "sms" && result.Error?.StartsWith("21610", StringComparison.Ordinal) == true
            && NoticeRecipientPhone() is { } optedOut)
        {
            // Twilio says the number opted out (it blocks on its side too): keep our own list in step.
            await GrainFactory.GetGrain<IPhoneGrain>($"{ClinicId}/{optedOut}").OptOutAsync("twilio:21610");
        }

        if (result.Outcome == OutboxOutcome.Sent && index >= 0 && State.Cycles[index].Status is RecallStatus.Due or RecallStatus.Overdue)
        {
            State.Cycles[index] = State.Cycles[index] with { Status = RecallStatus.Contacted, StatusSince = result.At };
            State.HardToReach = null;
        }

        State.UpdatedAt = Time.GetUtcNow();
    }

    /// <summary>
    /// An SMS notice that failed for good (invalid number, landline, opted out) goes by email if there
    /// is an address; with no channel left the patient is hard to reach, and staff take over.
    /// </summary>
    private async Task FallBackIfUndeliverableAsync(OutboxResult result)
    {
        if (result.Outcome != OutboxOutcome.Failed || !result.MessageKey.StartsWith(DueReminderPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var profile = State.Profile!;
        var email = profile.Email ?? profile.ResponsibleParty?.Email;
        if (result.Channel == "sms" && email is not null && profile.Status == PatientStatus.Active)
        {
            var context = await LoadRecallContextAsync();
            var cycle = State.Cycles.FirstOrDefault(c => NoticeKey(c) == result.MessageKey);
            var (body, subject) = context.Message(TemplatePurpose.RecallEmail, profile.Language, MessageValues(context, cycle));
            Send(new OutboxMessage("email", result.MessageKey + ":email", email, body, subject, ScheduleSend(context), context.SendWindow));
            return;
        }

        State.HardToReach ??= new HardToReach(result.At, result.Error ?? $"The {result.Channel} notice could not be delivered.");
    }

    public Task ReceiveSmsAsync(InboundSms sms, SmsKeyword keyword)
    {
        EnsureExists();
        if (State.InboundMessages.Any(m => m.ProviderMessageId == sms.MessageSid))
        {
            return Task.CompletedTask; // A webhook retry.
        }

        var meaning = ReplyParser.Meaning(sms.Body);
        if (keyword == SmsKeyword.Start && meaning == ReplyMeaning.Unknown)
        {
            meaning = ReplyMeaning.Yes;
        }

        var needsHuman = keyword is SmsKeyword.None or SmsKeyword.Start && meaning != ReplyMeaning.No;
        State.InboundMessages.Add(new InboundMessage(sms.At, "sms", sms.Body, sms.MessageSid, keyword, meaning, needsHuman));
        State.UpdatedAt = Time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CommunicationEntry>> LogCallAsync(CallLog phoneCall)
    {
        EnsureExists();
        if (!Enum.IsDefined(phoneCall.Outcome))
        {
            throw GrainValidationException.For("outcome", "The outcome is reached, booked, noAnswer, voicemail or wrongNumber.");
        }

        var now = Time.GetUtcNow();
        var reached = phoneCall.Outcome is CallOutcome.Reached or CallOutcome.Booked;
        State.ContactAttempts.Add(new ContactAttempt(now, "phone", $"call:{now.ToUnixTimeMilliseconds()}",
            reached ? OutboxOutcome.Sent : OutboxOutcome.Failed, $"{phoneCall.Outcome}{(phoneCall.Note is { Length: > 0 } note ? ": " + note : "")}", By: phoneCall.By));
        if (reached)
        {
            for (var i = 0; i < State.Cycles.Count; i++)
            {
                if (State.Cycles[i].Status is RecallStatus.Due or RecallStatus.Overdue)
                {
                    State.Cycles[i] = State.Cycles[i] with { Status = RecallStatus.Contacted, StatusSince = now, NoticeSent = true };
                }
            }

            State.HardToReach = null;
        }
        else if (phoneCall.Outcome == CallOutcome.WrongNumber)
        {
            State.HardToReach ??= new HardToReach(now, "Staff called: wrong number.");
        }

        State.UpdatedAt = now;
        return GetCommunicationLogAsync();
    }

    public Task<IReadOnlyList<CommunicationEntry>> MarkMessagesHandledAsync()
    {
        EnsureExists();
        for (var i = 0; i < State.InboundMessages.Count; i++)
        {
            if (State.InboundMessages[i] is { NeedsHuman: true, Handled: false } waiting)
            {
                State.InboundMessages[i] = waiting with { Handled = true };
            }
        }

        return GetCommunicationLogAsync();
    }

    public Task<IReadOnlyList<CommunicationEntry>> GetCommunicationLogAsync()
    {
        EnsureExists();
        var outgoing = State.ContactAttempts.Select(a => new CommunicationEntry(
            a.At, "out", a.Channel, a.MessageKey, a.Outcome, a.Delivery, a.Detail, null, null, false, a.ProviderMessageId, a.By));
        var incoming = State.InboundMessages.Select(m => new CommunicationEntry(
            m.At, "in", m.Channel, null, null, null, m.Keyword == SmsKeyword.None ? null : m.Keyword.ToString().ToUpperInvariant(), m.Text, m.Meaning, m.NeedsHuman && !m.Handled,
            m.ProviderMessageId));
        return Task.FromResult<IReadOnlyList<CommunicationEntry>>([.. outgoing.Concat(incoming).OrderBy(e => e.At)]);
    }

    public Task OnDeliveryReportAsync(DeliveryReport report)
    {
        var index = State.ContactAttempts.FindLastIndex(a => a.MessageKey == report.MessageKey && a.Channel == report.Channel);
        if (index >= 0 && report.Stage.Advances(State.ContactAttempts[index].Delivery))
        {
            State.ContactAttempts[index] = State.ContactAttempts[index] with
            {
                ProviderMessageId = State.ContactAttempts[index].ProviderMessageId ?? report.ProviderMessageId,
                Delivery = report.Stage,
                DeliveryAt = report.At,
                Detail = report.ErrorCode is null ? State.ContactAttempts[index].Detail : $"error {report.ErrorCode}",
            };
            State.UpdatedAt = Time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    protected override IEnumerable<QueryRow> ProjectRows()
    {
        if (!State.Exists)
        {
            yield break;
        }

        var profile = State.Profile!;
        var lastVisit = State.Visits.Count == 0 ? (DateOnly?)null : State.Visits.Max(v => v.Date);
        yield return new PatientRow(ClinicId, PatientId, profile.FirstName, profile.LastName, profile.Phone, profile.Email,
            profile.Status, profile.ResponsibleParty?.Id, lastVisit, State.HardToReach is not null,
            State.InboundMessages.Any(m => m.NeedsHuman && !m.Handled));
        if (profile.Status == PatientStatus.Active)
        {
            foreach (var cycle in State.Cycles)
            {
                yield return new RecallCycleRow(ClinicId, PatientId, cycle.RecallType, cycle.DueDate, cycle.Status, cycle.LastVisit);
            }
        }

        foreach (var done in State.CompletedCycles)
        {
            yield return new CompletedCycleRow(ClinicId, PatientId, done.RecallType, done.DueDate, done.CompletedOn);
        }
    }

    private Task<RecallContext> LoadRecallContextAsync() => GrainFactory.GetGrain<IClinicGrain>(ClinicId).GetRecallContextAsync();

    private void SetProfile(PatientData data, RecallContext context)
    {
        var now = Time.GetUtcNow();
        PatientValidation.ThrowIfInvalid(data, context.Languages, context.Today(now));
        if (!State.Exists)
        {
            State.Exists = true;
            State.CreatedAt = now;
        }

        State.Profile = data with { FirstName = data.FirstName.Trim(), LastName = data.LastName.Trim() };
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
    private void ApplyVisit(VisitInput input, RecallContext context)
    {
        var duplicate = State.Visits.Any(v => input.VisitId is not null
            ? v.VisitId == input.VisitId
            : v.Date == input.Date && v.ServiceCodes.SequenceEqual(input.ServiceCodes, StringComparer.OrdinalIgnoreCase));
        if (duplicate)
        {
            return;
        }

        State.Visits.Add(new Visit(input.Date, [.. input.ServiceCodes], Time.GetUtcNow(), input.VisitId));
        State.UpdatedAt = Time.GetUtcNow();
        foreach (var rule in context.Rules.Where(r => r.IsCompletedBy(input.ServiceCodes)))
        {
            var index = State.Cycles.FindIndex(c => c.RecallType == rule.Type);
            if (index < 0 || State.Cycles[index] is not { } open || (open.LastVisit is { } last && input.Date <= last))
            {
                continue; // No open cycle, or a back-filled visit older than the one that opened it.
            }

            CancelMessage(NoticeKey(open)); // Done: a notice still queued for this cycle must not go out.
            if (!State.CompletedCycles.Contains(new CompletedCycle(rule.Type, open.DueDate, input.Date)))
            {
                State.CompletedCycles.Add(new CompletedCycle(rule.Type, open.DueDate, input.Date));
            }

            State.Cycles[index] = open with { ManualDueDate = null, Status = RecallStatus.Due, NoticeSent = false };
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
    }

    /// <summary>
    /// Queues the first recall notice: SMS if preferred and the number has not said STOP, else email;
    /// with no way left the attempt is recorded as failed (the hard-to-reach queue picks it up).
    /// </summary>
    private async Task SendRecallNoticeAsync(RecallCycle cycle, RecallContext context)
    {
        var profile = State.Profile!;
        var phone = profile.Phone ?? profile.ResponsibleParty?.Phone;
        var email = profile.Email ?? profile.ResponsibleParty?.Email;
        var smsAllowed = phone is not null && await GrainFactory.GetGrain<IPhoneGrain>($"{ClinicId}/{phone}").IsSmsAllowedAsync();
        var channel = (profile.PreferredChannel, smsAllowed, email) switch
        {
            (ContactChannel.None, _, _) => null,
            (ContactChannel.Email, _, not null) => "email",
            (_, true, _) => "sms",
            (_, false, not null) => "email",
            _ => null,
        };
        var key = NoticeKey(cycle);
        if (channel is null)
        {
            var why = phone is not null && !smsAllowed ? "The number opted out of SMS (STOP) and there is no email." : "No phone or email to reach the patient.";
            State.ContactAttempts.Add(new ContactAttempt(Time.GetUtcNow(), "none", key, OutboxOutcome.Failed, why));
            State.HardToReach ??= new HardToReach(Time.GetUtcNow(), why);
            return;
        }

        var (body, subject) = context.Message(channel == "sms" ? TemplatePurpose.RecallSms : TemplatePurpose.RecallEmail, profile.Language, MessageValues(context, cycle));
        Send(new OutboxMessage(channel, key, channel == "sms" ? phone! : email!, body, channel == "email" ? subject : null, ScheduleSend(context), context.SendWindow,
            channel == "sms" ? context.SmsSender : null));
    }

    /// <summary>The placeholders' values for this patient: names and the due date in the patient's language.</summary>
    private Dictionary<string, string?> MessageValues(RecallContext context, RecallCycle? cycle)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(State.Profile!.Language ?? (context.Languages.Count > 0 ? context.Languages[0] : "en"));
        return new Dictionary<string, string?>
        {
            ["firstName"] = State.Profile.FirstName,
            ["lastName"] = State.Profile.LastName,
            ["clinicName"] = context.ClinicName,
            ["dueDate"] = cycle?.DueDate.ToString("d MMMM yyyy", culture),
        };
    }

    /// <summary>The number the patient's texts go to: theirs, or the responsible party's.</summary>
    private string? NoticeRecipientPhone() => State.Profile!.Phone ?? State.Profile.ResponsibleParty?.Phone;

    /// <summary>The next time a message may go out (sending window, daily and weekly caps); it is counted from then on.</summary>
    private DateTimeOffset ScheduleSend(RecallContext context)
    {
        var now = Time.GetUtcNow();
        State.ScheduledSends.RemoveAll(s => s < now - TimeSpan.FromDays(8));
        var at = SendSchedule.Next(now, context, State.ScheduledSends);
        State.ScheduledSends.Add(at);
        return at;
    }

    /// <summary>The step that sends a cycle's first notice: one message per recall type and due date.</summary>
    private static string NoticeKey(RecallCycle cycle) => $"{DueReminderPrefix}{cycle.RecallType}:{cycle.DueDate:yyyy-MM-dd}";

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
        State.UpdatedAt);

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
