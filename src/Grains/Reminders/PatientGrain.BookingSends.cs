using Recall.Grains.Reminders;

namespace Recall.Grains.Patients;

/// <summary>
/// Booking reminders in the send queue. The appointment's own reminders (<c>appt:{id}:reminder:{days}</c>)
/// still send them; the queue mirrors each one so staff see what will go before a visit and where it stands.
/// </summary>
public sealed partial class PatientGrain
{
    /// <summary>
    /// The booking reminder <paramref name="days"/> before the visit in the queue: one by the patient's
    /// preferred channel, or one per channel the clinic names (<c>workflow.visitReminderChannels</c>).
    /// </summary>
    private void PlanBookingSends(PatientAppointment appointment, int days, DateTimeOffset at, IReadOnlyList<string>? channels)
    {
        var id = $"appt:{appointment.Id}:{appointment.Start.ToUnixTimeMilliseconds()}:{days}";
        if (channels is not { Count: > 0 })
        {
            var profile = State.Profile!;
            var preferred = profile.PreferredChannel == ContactChannel.Email && NoticeRecipientEmail() is not null ? "email" : "sms";
            PlanBookingSend(appointment, id, preferred, at, $"reminder-{days}");
            return;
        }

        foreach (var channel in channels)
        {
            PlanBookingSend(appointment, $"{id}:{channel}", channel, at, $"reminder-{days}-{channel}");
        }
    }

    private void PlanBookingSend(PatientAppointment appointment, string id, string channel, DateTimeOffset at, string what) =>
        AddSend(new ScheduledSend(id, SendPurpose.Booking, channel, at, SendState.Scheduled, Time.GetUtcNow(), appointment.RecallType,
            By: "booking reminders", OutboxKey: AppointmentMessageKey(appointment, what)), ownReminder: false);

    /// <summary>The booking reminder went to the outbox by <paramref name="queued"/>'s channel, or could not (<paramref name="problem"/>).</summary>
    private void BookingSendQueued(string messageKey, (string Channel, DateTimeOffset GoesAt)? queued, string? problem)
    {
        var index = State.Sends.FindIndex(s => s.Purpose == SendPurpose.Booking && s.MessageKey == messageKey && s.IsPending);
        if (index < 0)
        {
            return; // Not a booking reminder (a confirmation or preparation), or planned before the queue existed.
        }

        var now = Time.GetUtcNow();
        State.Sends[index] = queued is { } q
            ? State.Sends[index] with { Channel = q.Channel, GoesAt = q.GoesAt, State = q.GoesAt > now.AddMinutes(1) ? SendState.Held : SendState.Scheduled }
            : State.Sends[index] with { State = SendState.Failed, Detail = problem, SettledAt = now };
    }

    private void WithdrawBookingSends(PatientAppointment appointment)
    {
        foreach (var send in State.Sends.Where(s => s.Purpose == SendPurpose.Booking && s.IsPending && s.Id.StartsWith($"appt:{appointment.Id}:", StringComparison.Ordinal)).ToList())
        {
            Withdraw(send, "the appointment was moved, cancelled or done");
        }
    }
}
