using Microsoft.Extensions.DependencyInjection;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Phones;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>
/// The patient's messaging: the recall notice (channel, consent, sending window, template), what
/// the outbox and the provider report back, the fallback to email or staff, replies and calls.
/// </summary>
public sealed partial class PatientGrain
{
    protected override async Task OnOutboxResultAsync(OutboxResult result)
    {
        if (!State.Exists)
        {
            // A message that was on its way when the patient was erased: counted, nothing more.
            State.ContactAttempts.Add(new ContactAttempt(result.At, result.Channel, result.MessageKey, result.Outcome));
            return;
        }

        await FallBackIfUndeliverableAsync(result);
        var earlier = State.ContactAttempts.FindLastIndex(a => a.MessageKey == result.MessageKey && a.Outcome == OutboxOutcome.Uncertain);
        if (earlier >= 0)
        {
            State.ContactAttempts.RemoveAt(earlier); // An uncertain send, now settled (a delivery report proved it went out).
        }

        var notice = result.MessageKey.StartsWith(DueReminderPrefix, StringComparison.Ordinal);
        var send = SettleSend(result);
        State.ContactAttempts.Add(new ContactAttempt(result.At, result.Channel, result.MessageKey, result.Outcome, result.Error, result.ProviderMessageId,
            By: notice ? "rule:recall notice" : send?.By,
            Template: notice ? $"{(result.Channel == "sms" ? "recallSms" : "recallEmail")}/{State.Profile!.Language ?? "clinic default"}"
                : send is { Purpose: Reminders.SendPurpose.Recall } or { Purpose: Reminders.SendPurpose.Manual, Text: null } ? $"serviceReminder/{State.Profile!.Language ?? "clinic default"}"
                : null));
        if (result.Outcome == OutboxOutcome.Uncertain)
        {
            // No one knows yet whether it arrived: a status callback settles it; if none has in an hour, staff check.
            RegisterOrUpdateReminder(UncertainCheckPrefix + result.MessageKey, result.At.AddHours(1));
        }
        // Only the notice of the cycle's current due date counts: a late result for an older cycle must not mark the new one.
        var index = send is { Purpose: Reminders.SendPurpose.Recall }
            ? State.Cycles.FindIndex(c => c.RecallType == send.RecallType && c.DueDate == send.DueDate)
            : State.Cycles.FindIndex(c => result.MessageKey == NoticeKey(c) || result.MessageKey == NoticeKey(c) + ":email");
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
            PublishStatus(await LoadRecallContextAsync(), State.Cycles[index], RecallStatus.Contacted);
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
        var email = NoticeRecipientEmail();
        if (result.Channel == "sms" && email is not null && profile.Status == PatientStatus.Active)
        {
            var context = await LoadRecallContextAsync();
            var cycle = State.Cycles.FirstOrDefault(c => NoticeKey(c) == result.MessageKey);
            var (body, subject) = context.Message(TemplatePurpose.RecallEmail, profile.Language, MessageValues(context, cycle));
            if (cycle is not null)
            {
                CancelMessage(EducationKey(cycle)); // The fallback email reaches the same inbox: one email, not two.
            }

            Send(new OutboxMessage("email", result.MessageKey + ":email", email, body, subject, ScheduleSend(context), context.SendWindow));
            return;
        }

        MarkHardToReach(result.Error ?? $"The {result.Channel} notice could not be delivered.", await LoadRecallContextAsync());
    }

    public async Task ReceiveSmsAsync(InboundSms sms, SmsKeyword keyword)
    {
        EnsureExists();
        if (State.InboundMessages.Any(m => m.ProviderMessageId == sms.MessageSid))
        {
            return; // A webhook retry.
        }

        var meaning = ReplyParser.Meaning(sms.Body);
        if (keyword == SmsKeyword.Start && meaning == ReplyMeaning.Unknown)
        {
            meaning = ReplyMeaning.Yes;
        }

        var context = await LoadRecallContextAsync();
        if (meaning == ReplyMeaning.Yes && keyword == SmsKeyword.None && await TakeOfferedSlotAsync(sms, context))
        {
            State.InboundMessages.Add(new InboundMessage(sms.At, "sms", sms.Body, sms.MessageSid, keyword, meaning, NeedsHuman: false));
            return; // The "yes" took a freed slot (or was told it had gone): nothing for staff to do.
        }

        var needsHuman = keyword is SmsKeyword.None or SmsKeyword.Start && meaning != ReplyMeaning.No;
        State.InboundMessages.Add(new InboundMessage(sms.At, "sms", sms.Body, sms.MessageSid, keyword, meaning, needsHuman));
        State.UpdatedAt = Time.GetUtcNow();
        if (needsHuman)
        {
            NotifyStaff(context, $"reply:{sms.MessageSid}", meaning == ReplyMeaning.Yes ? "said yes: wants to book." : "replied and needs an answer.");
        }

        if (meaning == ReplyMeaning.Yes && State.Cycles.FirstOrDefault(c => c.RecallRequired) is { } wanting)
        {
            AddTask(Tasks.TaskSteps.WantsBooking, CycleSuffix(wanting), Tasks.TaskPriority.High, $"Replied \"{Shorten(sms.Body)}\" to the recall message: book the visit.", wanting.RecallType);
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    public async Task<IReadOnlyList<CommunicationEntry>> LogCallAsync(CallLog phoneCall)
    {
        EnsureExists();
        RecordCall(phoneCall, await LoadRecallContextAsync(), null);
        return await GetCommunicationLogAsync();
    }

    /// <summary>Logs a staff call (step 24); reaching the patient makes the open cycles Contacted (step 16).</summary>
    private void RecordCall(CallLog phoneCall, RecallContext context, string? forTask)
    {
        if (!Enum.IsDefined(phoneCall.Outcome))
        {
            throw GrainValidationException.For("outcome", "The outcome is reached, booked, noAnswer, voicemail or wrongNumber.");
        }

        var now = Time.GetUtcNow();
        var reached = phoneCall.Outcome is CallOutcome.Reached or CallOutcome.Booked;
        var detail = $"{phoneCall.Outcome}{(phoneCall.Note is { Length: > 0 } note ? ": " + note : "")}{(forTask is null ? "" : $" ({forTask})")}";
        State.ContactAttempts.Add(new ContactAttempt(now, "phone", $"call:{now.ToUnixTimeMilliseconds()}",
            reached ? OutboxOutcome.Sent : OutboxOutcome.Failed, detail, By: phoneCall.By));
        if (reached)
        {
            for (var i = 0; i < State.Cycles.Count; i++)
            {
                if (State.Cycles[i].Status is RecallStatus.Due or RecallStatus.Overdue)
                {
                    State.Cycles[i] = State.Cycles[i] with { Status = RecallStatus.Contacted, StatusSince = now, NoticeSent = true };
                    PublishStatus(context, State.Cycles[i], RecallStatus.Contacted);
                }
            }

            State.HardToReach = null;
        }
        else if (phoneCall.Outcome == CallOutcome.WrongNumber)
        {
            MarkHardToReach("Staff called: wrong number.", context);
        }

        State.UpdatedAt = now;
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
            a.At, "out", a.Channel, a.MessageKey, a.Outcome, a.Delivery, a.Detail, null, null, false, a.ProviderMessageId, a.By, a.Template));
        var incoming = State.InboundMessages.Select(m => new CommunicationEntry(
            m.At, "in", m.Channel, null, null, null, m.Keyword == SmsKeyword.None ? null : m.Keyword.ToString().ToUpperInvariant(), m.Text, m.Meaning, m.NeedsHuman && !m.Handled,
            m.ProviderMessageId));
        return Task.FromResult<IReadOnlyList<CommunicationEntry>>([.. WithStaffReplies(outgoing).Concat(incoming).OrderBy(e => e.At)]);
    }

    protected override Task OnDeliveryReportAsync(DeliveryReport report)
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

    /// <summary>
    /// Queues the first recall notice: SMS if preferred and the number has not said STOP, else email;
    /// with no way left the attempt is recorded as failed (the hard-to-reach queue picks it up).
    /// Returns the channel used, or null.
    /// </summary>
    private async Task<string?> SendRecallNoticeAsync(RecallCycle cycle, RecallContext context)
    {
        var profile = State.Profile!;
        var phone = profile.Phone ?? profile.ResponsibleParty?.Phone;
        var email = NoticeRecipientEmail();
        var smsAllowed = await CanTextAsync(phone);
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
            var why = phone is null ? "No phone or email to reach the patient."
                : !PhoneParser.CanReceiveSms(phone) ? $"The number {phone} is a landline, which cannot receive texts, and there is no email: call the patient."
                : "The number opted out of SMS (STOP) and there is no email.";
            State.ContactAttempts.Add(new ContactAttempt(Time.GetUtcNow(), "none", key, OutboxOutcome.Failed, why));
            MarkHardToReach(why, context);
            return null;
        }

        var (body, subject) = context.Message(channel == "sms" ? TemplatePurpose.RecallSms : TemplatePurpose.RecallEmail, profile.Language, MessageValues(context, cycle));
        Send(new OutboxMessage(channel, key, channel == "sms" ? phone! : email!, body, channel == "email" ? subject : null, ScheduleSend(context), context.SendWindow,
            channel == "sms" ? context.SmsSender : null));
        return channel;
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
            ["lastVisitDate"] = cycle?.LastVisit?.ToString("d MMMM yyyy", culture),
            ["bookingLink"] = Links.BookingUrl(ClinicId, PatientId, Time.GetUtcNow()),
            ["optOutLink"] = Links.OptOutUrl(ClinicId, PatientId, Time.GetUtcNow()),
        };
    }

    /// <summary>The patient pages' signed links (the silo's, from its services).</summary>
    private PatientLinks.PatientLinks Links => ServiceProvider.GetRequiredService<PatientLinks.PatientLinks>();

    /// <summary>Whether a text may go to the number: one that can receive texts (not a landline) and has not said STOP.</summary>
    private async Task<bool> CanTextAsync(string? phone) =>
        phone is not null && PhoneParser.CanReceiveSms(phone) && await GrainFactory.GetGrain<IPhoneGrain>($"{ClinicId}/{phone}").IsSmsAllowedAsync();

    /// <summary>The number the patient's texts go to: theirs, or the responsible party's.</summary>
    private string? NoticeRecipientPhone() => State.Profile!.Phone ?? State.Profile.ResponsibleParty?.Phone;

    /// <summary>The address the patient's emails go to: theirs, or the responsible party's; none once they opted out of email.</summary>
    private string? NoticeRecipientEmail() => State.EmailOptedOutAt is null ? State.Profile!.Email ?? State.Profile.ResponsibleParty?.Email : null;

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

    private const string UncertainCheckPrefix = "uncertain-check:";

    /// <summary>An hour after an uncertain send: still unsettled by a delivery report, so a person checks with the patient.</summary>
    private async Task CheckUncertainSendAsync(ReminderTick tick)
    {
        var key = tick.Name[UncertainCheckPrefix.Length..];
        var attempt = State.ContactAttempts.FindLast(a => a.MessageKey == key);
        if (attempt is { Outcome: OutboxOutcome.Uncertain, Delivery: null })
        {
            MarkHardToReach("A text may not have arrived (Twilio never confirmed it); please check with the patient.", await LoadRecallContextAsync());
        }
    }

    /// <summary>Flags the patient for staff (once) and tells the clinic's staff webhook why.</summary>
    private void MarkHardToReach(string reason, RecallContext? context)
    {
        if (State.HardToReach is not null)
        {
            return;
        }

        State.HardToReach = new HardToReach(Time.GetUtcNow(), reason);
        AddTask(Tasks.TaskSteps.HardToReach, Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Tasks.TaskPriority.Normal,
            $"Cannot be reached: {reason} Verify the phone and email with the practice records.", null);
        NotifyStaff(context, $"hard-to-reach:{Time.GetUtcNow().ToUnixTimeMilliseconds()}", $"cannot be reached: {reason}");
    }

    /// <summary>A note to the clinic's staff channel (Teams/Slack incoming webhook): who needs a person and why, nothing clinical.</summary>
    private void NotifyStaff(RecallContext? context, string step, string why)
    {
        if (context?.StaffWebhookUrl is not { } url)
        {
            return;
        }

        var profile = State.Profile!;
        var text = $"{context.ClinicName}: patient {PatientId} ({profile.FirstName} {profile.LastName[..1]}.) {why}";
        Send(new OutboxMessage("webhook", $"staff:{step}", url.ToString(), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text })));
    }

    /// <summary>A recall status change as a JSON event to the clinic's integration webhook (the practice system).</summary>
    private void PublishStatus(RecallContext? context, RecallCycle cycle, RecallStatus status)
    {
        if (context?.IntegrationWebhookUrl is not { } url)
        {
            return;
        }

        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "recall.status_changed",
            ["clinicId"] = ClinicId,
            ["patientId"] = PatientId,
            ["recallType"] = cycle.RecallType,
            ["dueDate"] = cycle.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = status.ToString().ToLowerInvariant(),
            ["at"] = Time.GetUtcNow().ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        });
        Send(new OutboxMessage("webhook", $"event:{cycle.RecallType}:{cycle.DueDate:yyyy-MM-dd}:{status}", url.ToString(), body));
    }
}
