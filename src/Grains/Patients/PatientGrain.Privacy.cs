using Recall.Grains.Hosting;

namespace Recall.Grains.Patients;

/// <summary>Data-protection requests: a patient's data exported whole, or erased with the counts reports need kept.</summary>
public sealed partial class PatientGrain
{
    public async Task<PatientRecord?> ExportAsync()
    {
        if (!State.Exists)
        {
            return null;
        }

        var communication = await GetCommunicationLogAsync();
        return new PatientRecord(PatientId, State.Profile!, State.CreatedAt, State.UpdatedAt, [.. State.Visits], [.. State.Cycles], [.. State.CompletedCycles],
            [.. State.Appointments], communication, [.. State.Tasks], State.Insurance, State.Preferences);
    }

    public Task<ErasureView> EraseAsync(string by)
    {
        if (State.ErasedAt is { } erasedAt && !State.Exists)
        {
            return Task.FromResult(new ErasureView(PatientId, erasedAt, State.ErasedBy ?? by, State.ContactAttempts.Count));
        }

        EnsureExists();
        var now = Time.GetUtcNow();
        if (State.Appointments.FirstOrDefault(a => a.Status == Scheduling.AppointmentStatus.Booked && a.Start > now) is { } booked)
        {
            throw new GrainConflictException(
                $"The patient has a visit booked for {booked.Start:yyyy-MM-dd HH:mm} UTC; cancel it first, so the schedule holds nothing of them.");
        }

        // What reports count stays: when, which channel, how it ended, and the cycles completed. Nothing in it names
        // or reaches the patient. Messages still queued are withdrawn, and the texts sent are blanked, by the caller
        // (IPatientData.EraseMessagesAsync): the outbox is the silo's, not the grain's.
        State.ContactAttempts = [.. State.ContactAttempts.Select(a => new ContactAttempt(a.At, a.Channel, a.MessageKey, a.Outcome, Delivery: a.Delivery, DeliveryAt: a.DeliveryAt))];
        State.Exists = false;
        State.Profile = null;
        State.Visits = [];
        State.Cycles = [];
        State.HardToReach = null;
        State.InboundMessages = [];
        State.ScheduledSends = [];
        State.Sends = []; // Their reminders find nothing to send (a send that is not in the list is gone).
        State.Tasks = [];
        State.Insurance = null;
        State.Preferences = null;
        State.Appointments = [];
        State.SlotOffers = [];
        State.StaffReplies = [];
        State.ErasedAt = now;
        State.ErasedBy = by;
        State.UpdatedAt = now;
        return Task.FromResult(new ErasureView(PatientId, now, by, State.ContactAttempts.Count));
    }
}
