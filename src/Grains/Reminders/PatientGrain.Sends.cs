using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Reminders;
using Recall.Grains.Tasks;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>
/// The patient's send queue: each planned send waits on its own durable reminder (<c>send:{id}</c>)
/// and, at its time, becomes an outbox message under the sending rules (or, for an internal
/// reminder, a task). A rule's schedule is planned from the cycle's due date and withdrawn when the
/// cycle is booked, done or moves; a manual send can be edited until it is handed to the outbox.
/// </summary>
public sealed partial class PatientGrain
{
    private const string SendReminderPrefix = "send:";

    /// <summary>Settled sends are kept this long for the queue's history, then dropped from the state.</summary>
    private static readonly TimeSpan SendHistory = TimeSpan.FromDays(400);

    /// <summary>A cycle still waiting for the client to book: what a rule's schedule reminds of.</summary>
    private static bool AwaitsBooking(RecallCycle cycle) => cycle.Status is RecallStatus.Due or RecallStatus.Overdue or RecallStatus.Contacted;

    /// <summary>Keeps the rule schedules' sends in step with the cycles: new due dates planned, sends of old ones withdrawn.</summary>
    private void PlanRuleSends(RecallContext context)
    {
        var now = Time.GetUtcNow();
        var active = State.Profile!.Status == PatientStatus.Active;
        foreach (var send in State.Sends.Where(s => s.Purpose == SendPurpose.Recall && s.IsPending).ToList())
        {
            var cycle = State.Cycles.FirstOrDefault(c => c.RecallType == send.RecallType);
            var why = !active ? $"the patient is {State.Profile.Status.ToString().ToLowerInvariant()}"
                : cycle is null || context.Rules.FirstOrDefault(r => r.Type == send.RecallType)?.Schedule is not { Count: > 0 } ? "the rule no longer has a send schedule"
                : cycle.DueDate != send.DueDate ? $"the due date moved to {cycle.DueDate:yyyy-MM-dd}"
                : !AwaitsBooking(cycle) ? "booked"
                : null;
            if (why is not null)
            {
                Withdraw(send, why);
            }
        }

        if (!active)
        {
            return;
        }

        foreach (var cycle in State.Cycles.Where(AwaitsBooking))
        {
            if (context.Rules.FirstOrDefault(r => r.Type == cycle.RecallType)?.Schedule is { Count: > 0 } schedule)
            {
                PlanSchedule(cycle, schedule, context, now);
            }
        }
    }

    private void PlanSchedule(RecallCycle cycle, IReadOnlyList<SendStep> schedule, RecallContext context, DateTimeOffset now)
    {
        var planned = State.Sends.Any(s => s.Purpose == SendPurpose.Recall && s.RecallType == cycle.RecallType && s.DueDate == cycle.DueDate);
        var steps = schedule.Select(step => (Step: step, At: context.At(cycle.DueDate.AddDays(step.DaysFromDue), context.SendingRules.WindowOpens))).ToList();

        // A due date first planned after some of its steps' times (imported late, or a manual date): the client is owed the latest of them, now.
        var owed = planned ? null : steps.Where(s => s.At <= now).OrderBy(s => s.At).Select(s => s.Step).LastOrDefault();
        foreach (var (step, at) in steps.Where(s => s.At > now || s.Step == owed))
        {
            foreach (var channel in step.Channels)
            {
                AddSend(new ScheduledSend($"{cycle.RecallType}:{cycle.DueDate:yyyyMMdd}:{step.DaysFromDue}:{channel}", SendPurpose.Recall, channel,
                    at > now ? at : now, SendState.Scheduled, now, cycle.RecallType, cycle.DueDate, By: $"rule:{cycle.RecallType}"));
            }
        }
    }

    /// <summary>Adds a send (a withdrawn one with the same id and a time still ahead comes back: a cancelled booking) and its reminder.</summary>
    private void AddSend(ScheduledSend send, bool ownReminder = true)
    {
        send = send with { At = ScheduledSend.ReminderPrecision(send.At) };
        var now = Time.GetUtcNow();
        State.Sends.RemoveAll(s => s.SettledAt < now - SendHistory);
        var index = State.Sends.FindIndex(s => s.Id == send.Id);
        if (index >= 0 && (State.Sends[index].State != SendState.Withdrawn || send.At <= now))
        {
            return;
        }

        if (index >= 0)
        {
            State.Sends[index] = send;
        }
        else
        {
            State.Sends.Add(send);
        }

        if (ownReminder)
        {
            RegisterOrUpdateReminder(SendReminderPrefix + send.Id, send.At);
        }
    }

    private void Withdraw(ScheduledSend send, string why)
    {
        var index = State.Sends.FindIndex(s => s.Id == send.Id);
        UnregisterReminder(SendReminderPrefix + send.Id);
        CancelMessage(send.MessageKey);
        State.Sends[index] = send with { State = SendState.Withdrawn, Detail = why, SettledAt = Time.GetUtcNow() };
    }

    /// <summary>Step 23 for a rule's schedule: the cycle is booked or done, so nothing still waiting about it goes out.</summary>
    private void WithdrawRecallSends(string recallType, string why)
    {
        foreach (var send in State.Sends.Where(s => s.Purpose == SendPurpose.Recall && s.RecallType == recallType && s.IsPending).ToList())
        {
            Withdraw(send, why);
        }
    }

    /// <summary>A send's time: an internal reminder becomes a task; a message goes to the outbox, where the sending rules may hold it.</summary>
    private async Task FireSendAsync(ReminderTick tick)
    {
        var index = State.Sends.FindIndex(s => s.Id == tick.Name[SendReminderPrefix.Length..]);
        if (index < 0 || State.Sends[index] is not { State: SendState.Scheduled, GoesAt: null } send)
        {
            return; // Withdrawn, cancelled, or handed over already (a repeated reminder).
        }

        if (ScheduledSend.ReminderPrecision(send.At) > tick.DueAt)
        {
            RegisterOrUpdateReminder(tick.Name, send.At); // Moved later by staff: wait for it.
            return;
        }

        var now = Time.GetUtcNow();
        if (send.Purpose == SendPurpose.Internal)
        {
            AddStaffReminderTask(send, now);
            State.Sends[index] = send with { State = SendState.Sent, GoesAt = now, SettledAt = now, Detail = $"on the {send.Role} worklist" };
            return;
        }

        if (State.Profile!.Status != PatientStatus.Active)
        {
            Withdraw(send, $"the patient is {State.Profile.Status.ToString().ToLowerInvariant()}");
            return;
        }

        var context = await LoadRecallContextAsync();
        var (address, problem) = await RecipientAsync(send.Channel);
        if (address is null)
        {
            State.ContactAttempts.Add(new ContactAttempt(now, send.Channel, send.MessageKey, OutboxOutcome.Failed, problem, By: send.By));
            State.Sends[index] = send with { State = SendState.Failed, Detail = problem, SettledAt = now };
            return;
        }

        var (body, subject) = Compose(send, context);
        if (send.Purpose == SendPurpose.Recall && State.Profile.ResponsibleParty?.Id is { } clientId)
        {
            await HandToClientAsync(index, send, clientId, address, body, subject, context);
            return;
        }

        var goesAt = SiblingGoesAt(send) ?? ScheduleSend(context);
        Send(new OutboxMessage(send.Channel, send.MessageKey, address, body, send.Channel == "email" ? subject ?? context.ClinicName : null, goesAt,
            context.SendWindow, send.Channel == "sms" ? context.SmsSender : null));
        var held = goesAt > now.AddMinutes(1);
        State.Sends[index] = send with
        {
            State = held ? SendState.Held : SendState.Scheduled,
            GoesAt = goesAt,
            Detail = held ? $"held until {goesAt:yyyy-MM-dd HH:mm} UTC by the sending window or the message caps" : null,
        };
        State.UpdatedAt = now;
    }

    /// <summary>
    /// A client with several patients (an owner with three dogs) gets one message a day: the send goes
    /// into the client's message for the day, and comes back settled when that message is sent.
    /// </summary>
    private async Task HandToClientAsync(int index, ScheduledSend send, string clientId, string address, string body, string? subject, RecallContext context)
    {
        var values = MessageValues(context, State.Cycles.FirstOrDefault(c => c.RecallType == send.RecallType));
        var line = $"{State.Profile!.FirstName}: {RuleName(context, send.RecallType!)} ({values["dueDate"]})";
        var item = new DigestItem(PatientId, send.Id, send.MessageKey, context.Today(Time.GetUtcNow()), send.Channel, address, State.Profile.Language, line, body, subject);
        var goesAt = await GrainFactory.GetGrain<IClientGrain>($"{ClinicId}/{clientId}").CollectAsync(item);
        State.Sends[index] = send with { GoesAt = goesAt, Detail = $"in one message to {State.Profile.ResponsibleParty!.Name} with their other patients due that day" };
    }

    public Task<bool> IsSendPendingAsync(string sendId) =>
        Task.FromResult(State.Sends.FirstOrDefault(s => s.Id == sendId) is { IsPending: true });

    public async Task ReceiveDigestResultAsync(OutboxResult result)
    {
        if (State.Exists && State.Sends.FirstOrDefault(s => s.MessageKey == result.MessageKey) is { IsPending: true })
        {
            await OnOutboxResultAsync(result); // As if the patient's own message: a repeat finds the send settled and stops above.
        }
    }

    /// <summary>The same step by another channel is the same message twice over: it goes when its sibling goes and counts once against the caps.</summary>
    private DateTimeOffset? SiblingGoesAt(ScheduledSend send) =>
        State.Sends.FirstOrDefault(s => s.Id != send.Id && s.At == send.At && s.Purpose == send.Purpose && s.GoesAt is not null
            && (send.ReminderId is not null ? s.ReminderId == send.ReminderId : s.RecallType == send.RecallType && s.DueDate == send.DueDate))?.GoesAt;

    /// <summary>Where a message by this channel goes, or why it cannot (no address, a landline, STOP).</summary>
    private async Task<(string? Address, string? Problem)> RecipientAsync(string channel)
    {
        var profile = State.Profile!;
        if (channel == "email")
        {
            return NoticeRecipientEmail() is { } email ? (email, null) : (null, State.EmailOptedOutAt is null ? "No email address to send to." : "The patient opted out of email.");
        }

        var phone = NoticeRecipientPhone();
        return phone is null ? (null, "No phone number to text.")
            : await CanTextAsync(phone) ? (phone, null)
            : (null, Phones.PhoneParser.CanReceiveSms(phone) ? "The number opted out of SMS (STOP)." : $"The number {phone} is a landline, which cannot receive texts.");
    }

    /// <summary>The text of a send: the staff member's own wording, or the clinic's service reminder for the rule.</summary>
    private (string Body, string? Subject) Compose(ScheduledSend send, RecallContext context)
    {
        var cycle = State.Cycles.FirstOrDefault(c => c.RecallType == send.RecallType);
        var values = MessageValues(context, cycle);
        values["service"] = send.RecallType is null ? null : RuleName(context, send.RecallType);
        return send.Text is { } own
            ? (TemplateRenderer.Render(own, values), context.ClinicName)
            : context.Message(TemplatePurpose.ServiceReminder, State.Profile!.Language, values);
    }

    private static string RuleName(RecallContext context, string recallType) => context.Rules.FirstOrDefault(r => r.Type == recallType)?.Name ?? recallType;

    private void AddStaffReminderTask(ScheduledSend send, DateTimeOffset now)
    {
        var id = $"{TaskSteps.StaffReminder}-{send.Id}";
        if (State.Tasks.All(t => t.Id != id))
        {
            State.Tasks.Add(new StaffTask(id, TaskSteps.StaffReminder, send.Role ?? Staff.StaffRole.FrontDesk, TaskPriority.Normal, send.Text ?? "", now, now,
                RecallType: send.RecallType));
        }
    }

    /// <summary>An outbox result for a send: it is sent or failed now (an uncertain send counts as sent: it is never resent blindly).</summary>
    private ScheduledSend? SettleSend(OutboxResult result)
    {
        var index = State.Sends.FindIndex(s => s.MessageKey == result.MessageKey && s.Channel == result.Channel);
        if (index < 0)
        {
            return null;
        }

        State.Sends[index] = State.Sends[index] with
        {
            State = result.Outcome == OutboxOutcome.Failed ? SendState.Failed : SendState.Sent,
            Detail = result.Outcome switch
            {
                OutboxOutcome.Failed => result.Error ?? "The channel refused it.",
                OutboxOutcome.Uncertain => "Sent, but the provider never confirmed it.",
                _ => null,
            },
            SettledAt = result.At,
        };
        return State.Sends[index];
    }

    /// <summary>Internal reminders from the visit's staff-only rules (e.g. "call the owner two days after surgery"); history long past makes none.</summary>
    private void PlanStaffFollowUps(Visit visit, RecallContext context)
    {
        var now = Time.GetUtcNow();
        var today = context.Today(now);
        foreach (var rule in context.Rules.Where(r => r.StaffTask is not null && r.IsCompletedBy(visit.ServiceCodes)))
        {
            var day = rule.DueAfter(visit.Date);
            if (day < today.AddDays(-7))
            {
                continue;
            }

            var at = context.At(day, context.SendingRules.WindowOpens);
            AddSend(new ScheduledSend($"{rule.Type}:{visit.Date:yyyyMMdd}", SendPurpose.Internal, "task", at > now ? at : now, SendState.Scheduled, now,
                rule.Type, day, rule.StaffTask!.Text, $"rule:{rule.Type}", rule.StaffTask.Role));
        }
    }

    private IEnumerable<QueryRow> SendRows() => State.Sends.Select(s => SendQueueRow.Of(ClinicId, PatientId, s));
}
