using System.Text.Json;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;
using Recall.Grains.Serialization;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox.Channels;

/// <summary>
/// Carries the schedule's notices (booked, cancelled, a slot on offer) to patient grains. Going
/// through the outbox, a notice survives a crash between the schedule's commit and the patient's
/// turn, and the patient's turn never runs inside the schedule's (no call cycle between the two).
/// Patient grains apply a notice idempotently, so a redelivery is harmless.
/// </summary>
public sealed class PatientNoticeChannel(IGrainFactory grains) : IOutboxChannel
{
    public string Name => PatientNotices.Channel;

    public bool IsIdempotent => true;

    public async Task<ChannelResult> SendAsync(OutboxEntry message, CancellationToken cancellationToken)
    {
        var notice = JsonSerializer.Deserialize(message.Body, GrainJsonContext.Default.AppointmentNotice);
        if (notice is null)
        {
            return new ChannelResult.PermanentFailure("An empty notice.");
        }

        await grains.GetGrain<IPatientGrain>($"{message.Tenant}/{message.Recipient}").ApplyAppointmentNoticeAsync(notice);
        return new ChannelResult.Sent(null);
    }
}
