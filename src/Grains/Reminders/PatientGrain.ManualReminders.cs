using Recall.Grains.Hosting;
using Recall.Grains.Reminders;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>Reminders staff make by hand: for the client (their own times, channels and text) or internal (a task at a time).</summary>
public sealed partial class PatientGrain
{
    private const int MaxTimesPerReminder = 10;

    private static readonly string[] ClientChannels = ["sms", "email"];

    public async Task<SendsView> AddReminderAsync(ManualReminder reminder, string by)
    {
        EnsureExists();
        var context = await LoadRecallContextAsync();
        var now = Time.GetUtcNow();
        var errors = new ValidationErrors();
        CheckTimes(reminder.At, now, errors);
        if (reminder.Role is { } role && !Enum.IsDefined(role))
        {
            errors.Add("role", "The role is frontDesk, hygienist, leadDentist, officeManager or admin.");
        }

        var channels = reminder.Role is null ? reminder.Channels ?? [] : ["task"];
        if (reminder.Role is null && (channels.Count == 0 || channels.Any(c => !ClientChannels.Contains(c)) || channels.Distinct().Count() != channels.Count))
        {
            errors.Add("channels", "Send by \"sms\", \"email\" or both (an internal reminder, with a role, has no channels).");
        }
        else if (reminder.Role is not null && reminder.Channels is { Count: > 0 })
        {
            errors.Add("channels", "An internal reminder (with a role) goes to the worklist, not to the client: leave the channels out.");
        }

        if (reminder.RecallType is { } type && context.Rules.All(r => r.Type != type))
        {
            errors.Add("recallType", $"The clinic has no recall rule '{type}'.");
        }

        CheckText(reminder.Text, required: reminder.Role is not null || reminder.RecallType is null, errors);
        errors.ThrowIfAny();

        var reminderId = $"m{++State.ManualReminders}";
        var purpose = reminder.Role is null ? SendPurpose.Manual : SendPurpose.Internal;
        foreach (var (at, i) in reminder.At.Order().Select((at, i) => (at, i)))
        {
            foreach (var channel in channels)
            {
                AddSend(new ScheduledSend($"{reminderId}:{i + 1}:{channel}", purpose, channel, at, SendState.Scheduled, now, reminder.RecallType,
                    Text: reminder.Text?.Trim(), By: by, Role: reminder.Role, ReminderId: reminderId));
            }
        }

        State.UpdatedAt = now;
        return SendsOf();
    }

    public Task<SendsView> GetSendsAsync()
    {
        EnsureExists();
        return Task.FromResult(SendsOf());
    }

    /// <summary>New wording and/or a new time for a manual send that has not gone to the outbox yet.</summary>
    public Task<ScheduledSend> ChangeSendAsync(string sendId, SendChange change, string by)
    {
        var (index, send) = EditableSend(sendId);
        var now = Time.GetUtcNow();
        var errors = new ValidationErrors();
        if (change.At is { } at)
        {
            CheckTimes([at], now, errors, "at");
        }

        if (change.Text is not null || send.Purpose == SendPurpose.Internal)
        {
            CheckText(change.Text ?? send.Text, required: true, errors);
        }

        errors.ThrowIfAny();
        send = send with { Text = change.Text?.Trim() ?? send.Text, At = ScheduledSend.ReminderPrecision(change.At ?? send.At), Detail = $"changed by {by}" };
        State.Sends[index] = send;
        RegisterOrUpdateReminder(SendReminderPrefix + send.Id, send.At);
        State.UpdatedAt = now;
        return Task.FromResult(send);
    }

    public Task<ScheduledSend> CancelSendAsync(string sendId, string by)
    {
        var (index, send) = EditableSend(sendId);
        Withdraw(send, $"cancelled by {by}");
        State.UpdatedAt = Time.GetUtcNow();
        return Task.FromResult(State.Sends[index]);
    }

    private (int Index, ScheduledSend Send) EditableSend(string sendId)
    {
        EnsureExists();
        var index = State.Sends.FindIndex(s => s.Id == sendId);
        if (index < 0)
        {
            throw new GrainNotFoundException($"The patient has no send '{sendId}'.");
        }

        var send = State.Sends[index];
        if (send.Purpose is not (SendPurpose.Manual or SendPurpose.Internal))
        {
            throw new GrainConflictException("Only a manual reminder is changed here; a rule's or a booking's send follows its rule or booking.");
        }

        if (send is not { State: SendState.Scheduled, GoesAt: null })
        {
            throw new GrainConflictException($"The send is {send.State.ToString().ToLowerInvariant()}{(send.GoesAt is null ? "" : ", handed to the outbox")}: it can no longer be changed.");
        }

        return (index, send);
    }

    private static void CheckTimes(IReadOnlyList<DateTimeOffset>? times, DateTimeOffset now, ValidationErrors errors, string field = "at")
    {
        if (times is null || times.Count is 0 or > MaxTimesPerReminder)
        {
            errors.Add(field, $"Give 1 to {MaxTimesPerReminder} times to send (ISO 8601, e.g. 2027-03-01T09:00:00+01:00).");
            return;
        }

        if (times.Any(t => t <= now || t > now.AddYears(2)))
        {
            errors.Add(field, "Each time is in the future, within two years.");
        }

        if (times.Distinct().Count() != times.Count)
        {
            errors.Add(field, "Each time once.");
        }
    }

    private static void CheckText(string? text, bool required, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add("text", "Write the text (or, for a client reminder, name the recall rule whose template to use).");
            }

            return;
        }

        TemplateRenderer.Check(new MessageTemplate(TemplatePurpose.ServiceReminder, "en", text), errors, "text");
    }

    private SendsView SendsOf() => new(PatientId, [.. State.Sends.OrderByDescending(s => s.At)]);
}
