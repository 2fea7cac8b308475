using System.Globalization;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Phones;
using Recall.Grains.Scheduling;
using Recall.Grains.Tasks;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>
/// The patient's appointments: booking through the clinic's schedule (which ends the recall
/// outreach at once), the confirmation, the reminders and preparation before the visit, no-shows,
/// cancellations, and freed slots offered from the ASAP list.
/// </summary>
public sealed partial class PatientGrain
{
    /// <summary>Reminders about one appointment: <c>appt:{id}:reminder:{days}</c>, <c>appt:{id}:previsit</c>, <c>appt:{id}:after</c>.</summary>
    private const string AppointmentReminderPrefix = "appt:";

    /// <summary>Every message about one appointment that may still be waiting to go out (reminders are 1 to 60 days before).</summary>
    private static readonly string[] AppointmentMessages = ["confirmed", "previsit", .. Enumerable.Range(1, 60).Select(d => $"reminder-{d}")];

    public async Task<PatientAppointment> BookAsync(BookingInput input)
    {
        EnsureExists();
        var context = await LoadRecallContextAsync();
        if (State.Profile!.Status != PatientStatus.Active)
        {
            throw GrainValidationException.For("patientId", $"The patient is {State.Profile.Status.ToString().ToLowerInvariant()}; only active patients are booked.");
        }

        var schedule = GrainFactory.GetGrain<IScheduleGrain>(ClinicId);
        var appointment = await schedule.BookAsync(new BookingRequest(NewAppointmentId(), PatientId, input.VisitTypeId, input.Start, input.ResourceIds, input.By));
        await ApplyBookedAsync(await NoticeAsync(schedule, appointment, AppointmentNoticeKind.Booked), context);
        return State.Appointments.Single(a => a.Id == appointment.Id);
    }

    public async Task<PatientAppointment> RescheduleAppointmentAsync(string appointmentId, DateTimeOffset start, string by)
    {
        BookedAppointment(appointmentId);
        var context = await LoadRecallContextAsync();
        var schedule = GrainFactory.GetGrain<IScheduleGrain>(ClinicId);
        var moved = await schedule.RescheduleAsync(appointmentId, start, by);
        await ApplyBookedAsync(await NoticeAsync(schedule, moved, AppointmentNoticeKind.Booked), context);
        return State.Appointments.Single(a => a.Id == appointmentId);
    }

    public async Task<PatientAppointment> CancelAppointmentAsync(string appointmentId, string by, string? reason)
    {
        BookedAppointment(appointmentId);
        var context = await LoadRecallContextAsync();
        var schedule = GrainFactory.GetGrain<IScheduleGrain>(ClinicId);
        var cancelled = await schedule.CancelAsync(appointmentId, by, reason);
        ApplyCancelled(await NoticeAsync(schedule, cancelled, AppointmentNoticeKind.Cancelled), context, $"cancelled by {by}");
        return State.Appointments.Single(a => a.Id == appointmentId);
    }

    public Task<IReadOnlyList<PatientAppointment>> GetAppointmentsAsync()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<PatientAppointment>>([.. State.Appointments.OrderBy(a => a.Start)]);
    }

    /// <summary>Free slots for a visit type from the suggested date (step 18), within the patient's preferred days and hours.</summary>
    public async Task<IReadOnlyList<Slot>> SuggestSlotsAsync(string visitTypeId, int days, int max = 20)
    {
        EnsureExists();
        var context = await LoadRecallContextAsync();
        var schedule = GrainFactory.GetGrain<IScheduleGrain>(ClinicId);
        var type = (await schedule.GetSetupAsync()).VisitTypes.FirstOrDefault(v => v.Id == visitTypeId)
            ?? throw GrainValidationException.For("visitType", $"The clinic has no visit type '{visitTypeId}'.");
        var today = context.Today(Time.GetUtcNow());
        var cycle = State.Cycles.FirstOrDefault(c => c.RecallType == type.RecallType) ?? State.Cycles.OrderBy(c => c.DueDate).FirstOrDefault();
        var from = cycle is null ? today : Plan(cycle, context, today).Suggested.Date;
        var preferences = State.Preferences;
        return await schedule.FindSlotsAsync(new SlotQuery(visitTypeId, from, days, preferences?.Days, preferences?.NotBefore, preferences?.NotAfter, max));
    }

    /// <summary>What the schedule says happened (delivered through the outbox; a repeat or a stale notice changes nothing).</summary>
    public async Task ApplyAppointmentNoticeAsync(AppointmentNotice notice)
    {
        if (!State.Exists)
        {
            return;
        }

        var context = await LoadRecallContextAsync();
        switch (notice.Kind)
        {
            case AppointmentNoticeKind.Booked: await ApplyBookedAsync(notice, context); break;
            case AppointmentNoticeKind.Cancelled: ApplyCancelled(notice, context, "cancelled"); break;
            case AppointmentNoticeKind.SlotOffered: await OfferSlotAsync(notice, context); break;
        }
    }

    /// <summary>
    /// A booking (or a move) of this patient: the recall outreach ends at once (no further recall
    /// messages, its reminders and tasks go: steps 21 and 23), the confirmation goes out (step 19),
    /// and the visit reminders and preparation are set (steps 20 and 22).
    /// </summary>
    private async Task ApplyBookedAsync(AppointmentNotice notice, RecallContext context)
    {
        var now = Time.GetUtcNow();
        var index = State.Appointments.FindIndex(a => a.Id == notice.AppointmentId);
        if (index >= 0 && (State.Appointments[index].Status != AppointmentStatus.Booked || State.Appointments[index].Start == notice.Start))
        {
            return; // Known already, or cancelled since: an old notice.
        }

        if (index >= 0)
        {
            DropAppointmentReminders(State.Appointments[index]);
            State.Appointments[index] = State.Appointments[index] with { Start = notice.Start, End = notice.End };
        }
        else
        {
            State.Appointments.Add(new PatientAppointment(notice.AppointmentId, notice.VisitTypeId, notice.VisitTypeName, notice.RecallType,
                notice.Start, notice.End, AppointmentStatus.Booked, now, notice.By, notice.Instructions));
        }

        var appointment = State.Appointments.Single(a => a.Id == notice.AppointmentId);
        State.SlotOffers.RemoveAll(o => o.VisitTypeId == notice.VisitTypeId);
        var cycleIndex = State.Cycles.FindIndex(c => c.RecallType == notice.RecallType);
        if (cycleIndex >= 0 && State.Cycles[cycleIndex].Status != RecallStatus.Scheduled)
        {
            var cycle = State.Cycles[cycleIndex];
            EndOutreach(cycle, "booked");
            State.Cycles[cycleIndex] = cycle with { Status = RecallStatus.Scheduled, StatusSince = now, NoticeSent = true };
            PublishStatus(context, State.Cycles[cycleIndex], RecallStatus.Scheduled);
        }

        await SendAppointmentMessageAsync(TemplatePurpose.Confirmation, appointment, "confirmed", context);
        SetAppointmentReminders(appointment, context);
        State.UpdatedAt = now;
    }

    private void ApplyCancelled(AppointmentNotice notice, RecallContext context, string why)
    {
        var index = State.Appointments.FindIndex(a => a.Id == notice.AppointmentId);
        if (index < 0 || State.Appointments[index].Status != AppointmentStatus.Booked)
        {
            return;
        }

        var appointment = State.Appointments[index];
        DropAppointmentReminders(appointment);
        State.Appointments[index] = appointment with { Status = AppointmentStatus.Cancelled };
        ReopenCycle(appointment, context, $"The {appointment.VisitTypeName} visit on {Local(context, appointment.Start):yyyy-MM-dd HH:mm} was {why}: offer another.");
    }

    /// <summary>The booked visit is gone (cancelled or missed): its recall is open again and the front desk rebooks.</summary>
    private void ReopenCycle(PatientAppointment appointment, RecallContext context, string reason)
    {
        var cycleIndex = State.Cycles.FindIndex(c => c.RecallType == appointment.RecallType);
        if (cycleIndex < 0 || State.Cycles[cycleIndex].Status != RecallStatus.Scheduled
            || State.Appointments.Any(a => a.RecallType == appointment.RecallType && a.Status == AppointmentStatus.Booked))
        {
            return;
        }

        var now = Time.GetUtcNow();
        var cycle = State.Cycles[cycleIndex];
        var status = cycle.DueDate <= context.Today(now) ? RecallStatus.Overdue : RecallStatus.Due;
        State.Cycles[cycleIndex] = cycle with { Status = status, StatusSince = now };
        PublishStatus(context, State.Cycles[cycleIndex], status);
        AddTask(TaskSteps.Rebook, $"{appointment.Id}", TaskPriority.High, reason, appointment.RecallType);
        Replan(context);
        State.UpdatedAt = now;
    }

    /// <summary>A visit completing a recall was recorded: its booking is done; a later booking for the same recall is not needed any more.</summary>
    private async Task SettleAppointmentsAsync(string recallType, DateOnly visitDate, RecallContext context)
    {
        var schedule = GrainFactory.GetGrain<IScheduleGrain>(ClinicId);
        for (var i = 0; i < State.Appointments.Count; i++)
        {
            var appointment = State.Appointments[i];
            if (appointment.RecallType != recallType || appointment.Status != AppointmentStatus.Booked)
            {
                continue;
            }

            DropAppointmentReminders(appointment);
            if (DateOnly.FromDateTime(Local(context, appointment.Start)) <= visitDate)
            {
                State.Appointments[i] = appointment with { Status = AppointmentStatus.Completed };
                await schedule.CompleteAsync(appointment.Id);
            }
            else
            {
                State.Appointments[i] = appointment with { Status = AppointmentStatus.Cancelled };
                try
                {
                    await schedule.CancelAsync(appointment.Id, "workflow", $"visit recorded on {visitDate:yyyy-MM-dd}");
                }
                catch (GrainConflictException)
                {
                    // Cancelled in the schedule already.
                }
            }
        }
    }

    /// <summary>Step 22 (reminders X days before), step 20 (preparation hours before) and the no-show check the day after.</summary>
    private void SetAppointmentReminders(PatientAppointment appointment, RecallContext context)
    {
        var now = Time.GetUtcNow();
        var workflow = context.WorkflowRules;
        var prefix = $"{AppointmentReminderPrefix}{appointment.Id}:";
        DateTimeOffset? preparation = appointment.Instructions is { Count: > 0 } && workflow.PreVisitHours > 0
            ? appointment.Start.AddHours(-workflow.PreVisitHours) : null;
        if (preparation > now)
        {
            RegisterOrUpdateReminder(prefix + "previsit", preparation.Value);
        }

        foreach (var days in workflow.ReminderDays)
        {
            var at = appointment.Start.AddDays(-days);
            // The preparation message names the day and time too: no second text within two hours of it.
            if (at > now && (preparation is not { } p || (at - p).Duration() >= TimeSpan.FromHours(2)))
            {
                RegisterOrUpdateReminder($"{prefix}reminder:{days}", at);
                PlanBookingSends(appointment, days, at, workflow.VisitReminderChannels);
            }
        }

        RegisterOrUpdateReminder(prefix + "after", appointment.End.AddDays(1));
    }

    private void DropAppointmentReminders(PatientAppointment appointment)
    {
        foreach (var reminder in GetReminders().Where(r => r.Name.StartsWith($"{AppointmentReminderPrefix}{appointment.Id}:", StringComparison.Ordinal)))
        {
            UnregisterReminder(reminder.Name);
        }

        foreach (var what in AppointmentMessages)
        {
            CancelMessage(AppointmentMessageKey(appointment, what));
        }

        WithdrawBookingSends(appointment);
    }

    private async Task RemindOfAppointmentAsync(ReminderTick tick)
    {
        var parts = tick.Name.Split(':');
        var appointment = State.Appointments.FirstOrDefault(a => a.Id == parts[1]);
        if (appointment is not { Status: AppointmentStatus.Booked })
        {
            return;
        }

        var context = await LoadRecallContextAsync();
        switch (parts[2])
        {
            case "reminder" when context.WorkflowRules.VisitReminderChannels is { Count: > 0 } channels:
                foreach (var channel in channels)
                {
                    await SendAppointmentMessageAsync(TemplatePurpose.VisitReminder, appointment, $"reminder-{parts[3]}-{channel}", context, channel);
                }

                break;
            case "reminder":
                await SendAppointmentMessageAsync(TemplatePurpose.VisitReminder, appointment, $"reminder-{parts[3]}", context);
                break;
            case "previsit":
                await SendAppointmentMessageAsync(TemplatePurpose.PreVisitInstructions, appointment, "previsit", context);
                break;
            case "after":
                // A day after the visit and no visit recorded: a no-show. The recall opens again and the front desk rebooks.
                var index = State.Appointments.IndexOf(appointment);
                State.Appointments[index] = appointment with { Status = AppointmentStatus.Missed };
                ReopenCycle(appointment, context, $"Did not come to the {appointment.VisitTypeName} visit on {Local(context, appointment.Start):yyyy-MM-dd HH:mm}: rebook.");
                break;
        }
    }

    /// <summary>A freed slot for a patient on the ASAP list, by SMS (a reply takes it); skipped when they are booked earlier already.</summary>
    private async Task OfferSlotAsync(AppointmentNotice offer, RecallContext context)
    {
        var now = Time.GetUtcNow();
        if (State.Profile!.Status != PatientStatus.Active || offer.Start < now.AddHours(1)
            || State.Appointments.Any(a => a.Status == AppointmentStatus.Booked && a.VisitTypeId == offer.VisitTypeId && a.Start <= offer.Start)
            || State.SlotOffers.Any(o => o.AppointmentId == offer.AppointmentId && o.Start == offer.Start)
            || NoticeRecipientPhone() is not { } phone || !await CanTextAsync(phone))
        {
            return;
        }

        State.SlotOffers.Add(offer);
        var (body, _) = context.Message(TemplatePurpose.SlotOffer, State.Profile.Language, AppointmentValues(context, offer.Start, null));
        Send(new OutboxMessage("sms", $"offer:{offer.AppointmentId}:{offer.Start.ToUnixTimeMilliseconds()}", phone, body, null,
            SendSchedule.InWindow(now, context), context.SendWindow, context.SmsSender));
    }

    /// <summary>A "yes" while a freed slot is on offer: book it (moving a later booking of the same visit type), or say it has gone.</summary>
    private async Task<bool> TakeOfferedSlotAsync(InboundSms sms, RecallContext context)
    {
        var now = Time.GetUtcNow();
        State.SlotOffers.RemoveAll(o => o.Start < now.AddHours(1));
        if (State.SlotOffers.Count == 0)
        {
            return false;
        }

        var offer = State.SlotOffers[^1];
        State.SlotOffers.Remove(offer);
        var schedule = GrainFactory.GetGrain<IScheduleGrain>(ClinicId);
        try
        {
            var later = State.Appointments.FirstOrDefault(a => a.Status == AppointmentStatus.Booked && a.VisitTypeId == offer.VisitTypeId);
            var booked = later is not null
                ? await schedule.RescheduleAsync(later.Id, offer.Start, "patient reply")
                : await schedule.BookAsync(new BookingRequest(NewAppointmentId(), PatientId, offer.VisitTypeId, offer.Start, null, "patient reply"));
            await ApplyBookedAsync(await NoticeAsync(schedule, booked, AppointmentNoticeKind.Booked), context);
        }
        catch (GrainConflictException)
        {
            var (body, _) = context.Message(TemplatePurpose.SlotTaken, State.Profile!.Language, AppointmentValues(context, offer.Start, null));
            Send(new OutboxMessage("sms", $"offer-taken:{sms.MessageSid}", NoticeRecipientPhone()!, body, null, SendSchedule.InWindow(now, context), context.SendWindow, context.SmsSender));
        }

        return true;
    }

    /// <summary>A message about a booked visit: SMS when the number may be texted, else email. Quiet hours hold; the caps do not (the patient expects these).</summary>
    /// <summary>A message about the appointment by the patient's best channel, or by <paramref name="only"/> when the clinic says which.</summary>
    private async Task SendAppointmentMessageAsync(TemplatePurpose purpose, PatientAppointment appointment, string what, RecallContext context, string? only = null)
    {
        var profile = State.Profile!;
        var phone = NoticeRecipientPhone();
        var email = NoticeRecipientEmail();
        var sms = await CanTextAsync(phone);
        var problem = profile.PreferredChannel == ContactChannel.None ? "The patient asked not to be contacted."
            : only == "sms" && !sms ? "No mobile number that takes texts."
            : only == "email" && email is null ? "No email address."
            : !sms && email is null ? "No channel reaches the patient (no mobile that takes texts, no email)." : null;
        if (problem is not null)
        {
            BookingSendQueued(AppointmentMessageKey(appointment, what), null, problem);
            return;
        }

        var channel = only ?? (sms && profile.PreferredChannel != ContactChannel.Email || email is null ? "sms" : "email");
        var (body, subject) = context.Message(purpose, profile.Language, AppointmentValues(context, appointment.Start, appointment.Instructions, appointment.Id));
        string? calendar = null;
        if (channel == "email" && purpose == TemplatePurpose.Confirmation)
        {
            // The email's sender becomes the ORGANIZER at sending (SmtpEmailChannel): only the silo knows that address.
            calendar = AppointmentCalendar.Request(new CalendarEvent($"{appointment.Id}@{ClinicId}", (int)(Time.GetUtcNow().ToUnixTimeSeconds() % int.MaxValue),
                appointment.Start, appointment.End, context.TimeZone, $"{context.ClinicName}: {appointment.VisitTypeName}", context.ClinicName,
                Description: body, Attendee: new CalendarParty(email!)), Time.GetUtcNow());
        }

        var goesAt = SendSchedule.InWindow(Time.GetUtcNow(), context);
        Send(new OutboxMessage(channel, AppointmentMessageKey(appointment, what), channel == "sms" ? phone! : email!, body,
            channel == "email" ? subject ?? context.ClinicName : null, goesAt, context.SendWindow,
            channel == "sms" ? context.SmsSender : null, calendar));
        BookingSendQueued(AppointmentMessageKey(appointment, what), (channel, goesAt), null);
    }

    private Dictionary<string, string?> AppointmentValues(RecallContext context, DateTimeOffset start, IReadOnlyDictionary<string, string>? instructions, string? appointmentId = null)
    {
        var values = MessageValues(context, null);
        var language = State.Profile!.Language ?? (context.Languages.Count > 0 ? context.Languages[0] : "en");
        var culture = CultureInfo.GetCultureInfo(language);
        var local = Local(context, start);
        values["appointmentDate"] = local.ToString("d MMMM yyyy", culture);
        values["appointmentTime"] = local.ToString("HH:mm", culture);
        values["appointmentLink"] = appointmentId is null ? null : Links.AppointmentUrl(ClinicId, PatientId, appointmentId, start);
        values["preRegistrationLink"] = appointmentId is null ? null : Links.PreRegistrationUrl(ClinicId, PatientId, appointmentId, start);
        values["instructions"] = instructions is null ? null
            : instructions.TryGetValue(language, out var own) ? own : instructions.Values.FirstOrDefault();
        return values;
    }

    /// <summary>One message per appointment, purpose and start time: a move sends anew, a repeat does not.</summary>
    private static string AppointmentMessageKey(PatientAppointment appointment, string what) =>
        $"appt-{what}:{appointment.Id}:{appointment.Start.ToUnixTimeMilliseconds()}";

    private static DateTime Local(RecallContext context, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, context.Zone).DateTime;

    private static async Task<AppointmentNotice> NoticeAsync(IScheduleGrain schedule, Appointment appointment, AppointmentNoticeKind kind)
    {
        var type = (await schedule.GetSetupAsync()).VisitTypes.FirstOrDefault(v => v.Id == appointment.VisitTypeId);
        return new AppointmentNotice(kind, appointment.Id, appointment.VisitTypeId, type?.Name ?? appointment.VisitTypeId, type?.RecallType,
            appointment.Start, appointment.End, type?.Instructions, appointment.BookedBy);
    }

    private PatientAppointment BookedAppointment(string appointmentId)
    {
        EnsureExists();
        var appointment = State.Appointments.FirstOrDefault(a => a.Id == appointmentId)
            ?? throw new GrainNotFoundException($"The patient has no appointment '{appointmentId}'.");
        return appointment.Status == AppointmentStatus.Booked
            ? appointment
            : throw new GrainConflictException($"The appointment is {appointment.Status.ToString().ToLowerInvariant()}.");
    }

    private static string NewAppointmentId() => $"a{Guid.NewGuid():N}"[..13];
}

/// <summary>A booking made for a patient: the visit type and start of a free slot, and who booked it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BookingInput(string VisitTypeId, DateTimeOffset Start, string By, IReadOnlyList<string>? ResourceIds = null);
