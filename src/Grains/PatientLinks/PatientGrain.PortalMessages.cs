using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>Portal messages: staff write, the patient is told by SMS or email with a link, and the page marks them read.</summary>
public sealed partial class PatientGrain
{
    private const int MaxPortalMessageLength = 2000;

    public async Task<IReadOnlyList<PortalMessage>> WritePortalMessageAsync(string text, string by)
    {
        EnsureExists();
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > MaxPortalMessageLength)
        {
            throw GrainValidationException.For("text", $"Write the message: 1 to {MaxPortalMessageLength} characters.");
        }

        var now = Time.GetUtcNow();
        var message = new PortalMessage($"pm{State.PortalMessages.Count + 1}", now, text.Trim(), by);
        State.PortalMessages.Add(message);
        State.UpdatedAt = now;

        // The patient hears there is a message (never what it says) by their channel, in the sending window.
        var context = await LoadRecallContextAsync();
        var phone = NoticeRecipientPhone();
        var email = NoticeRecipientEmail();
        var sms = await CanTextAsync(phone) && (State.Profile!.PreferredChannel != ContactChannel.Email || email is null);
        if (State.Profile!.PreferredChannel != ContactChannel.None && (sms || email is not null))
        {
            var values = MessageValues(context, null);
            values["messagesLink"] = Links.MessagesUrl(ClinicId, PatientId, now);
            var (body, subject) = context.Message(TemplatePurpose.PortalMessage, State.Profile.Language, values);
            Send(new OutboxMessage(sms ? "sms" : "email", $"portal:{message.Id}", sms ? phone! : email!, body,
                sms ? null : subject ?? context.ClinicName, SendSchedule.InWindow(now, context), context.SendWindow, sms ? context.SmsSender : null));
        }

        return [.. State.PortalMessages];
    }

    public Task<IReadOnlyList<PortalMessage>> GetPortalMessagesAsync()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<PortalMessage>>([.. State.PortalMessages]);
    }

    /// <summary>The patient opened their messages: the unread ones are read now (journeys wait on that).</summary>
    public Task<IReadOnlyList<PortalMessage>> ReadPortalMessagesAsync()
    {
        EnsureExists();
        var now = Time.GetUtcNow();
        for (var i = 0; i < State.PortalMessages.Count; i++)
        {
            if (State.PortalMessages[i].ReadAt is null)
            {
                State.PortalMessages[i] = State.PortalMessages[i] with { ReadAt = now };
                State.UpdatedAt = now;
            }
        }

        return Task.FromResult<IReadOnlyList<PortalMessage>>([.. State.PortalMessages]);
    }
}
