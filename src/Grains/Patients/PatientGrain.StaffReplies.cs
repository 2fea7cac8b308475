using Recall.Grains.Hosting;
using Recall.Grains.Phones;

namespace Recall.Grains.Patients;

/// <summary>
/// Staff answering a patient's message by SMS from the conversations page. A reply continues a
/// conversation the patient started, so it waits for the sending window (quiet hours) but does not
/// count against the reminder caps; a number that said STOP is never texted.
/// </summary>
public sealed partial class PatientGrain
{
    private const string StaffReplyPrefix = "staff-reply:";

    public async Task<IReadOnlyList<CommunicationEntry>> ReplyAsync(StaffReply reply)
    {
        EnsureExists();
        var text = reply.Text?.Trim() ?? "";
        if (text.Length is 0 or > 1600)
        {
            throw GrainValidationException.For("text", "A reply is 1-1600 characters (Twilio's limit for one message).");
        }

        if (NoticeRecipientPhone() is not { } phone)
        {
            throw GrainValidationException.For("text", "The patient has no phone number to text; call or email them instead.");
        }

        if (!PhoneParser.CanReceiveSms(phone))
        {
            throw GrainValidationException.For("text", $"The number {phone} is a landline and cannot receive texts; call or email the patient instead.");
        }

        if (!await GrainFactory.GetGrain<IPhoneGrain>($"{ClinicId}/{phone}").IsSmsAllowedAsync())
        {
            throw GrainValidationException.For("text", "The number opted out of SMS (STOP); it cannot be texted until the patient sends START.");
        }

        var context = await LoadRecallContextAsync();
        var now = Time.GetUtcNow();
        var key = $"{StaffReplyPrefix}{State.StaffReplies.Count + 1}";
        State.StaffReplies.Add(new StaffReplyRecord(now, key, text, reply.By));
        Send(new OutboxMessage("sms", key, phone, text, NotBefore: now, Window: context.SendWindow, Sender: context.SmsSender));
        State.UpdatedAt = now;
        return await MarkMessagesHandledAsync(); // Answering is dealing with it: the patient leaves the awaiting-reply list.
    }

    /// <summary>Staff replies in the thread with their text and author; one not sent yet shows as queued.</summary>
    private IEnumerable<CommunicationEntry> WithStaffReplies(IEnumerable<CommunicationEntry> outgoing)
    {
        if (State.StaffReplies.Count == 0)
        {
            return outgoing;
        }

        var replies = State.StaffReplies.ToDictionary(r => r.MessageKey, StringComparer.Ordinal);
        var results = outgoing.Select(e => e.MessageKey is { } key && replies.TryGetValue(key, out var reply) ? e with { Text = reply.Text, By = e.By ?? reply.By } : e).ToList();
        var queued = State.StaffReplies.Where(r => !results.Any(e => e.MessageKey == r.MessageKey))
            .Select(r => new CommunicationEntry(r.At, "out", "sms", r.MessageKey, null, null, "queued", r.Text, null, false, null, r.By));
        return results.Concat(queued);
    }
}

/// <summary>A reply to send to the patient by SMS, and the staff member sending it.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record StaffReply(string? Text, string By);

/// <summary>A staff reply as kept with the patient: the text staff wrote, so the thread shows it.</summary>
public sealed record StaffReplyRecord(DateTimeOffset At, string MessageKey, string Text, string By);
