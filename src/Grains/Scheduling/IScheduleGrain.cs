using Recall.Grains.Hosting;

namespace Recall.Grains.Scheduling;

/// <summary>
/// A clinic's schedule (key: the clinic id): visit types, resources with their hours, free slots in
/// real time, and bookings. Turns run one at a time, so of two bookings of one slot exactly one wins;
/// the other gets a conflict (409).
/// </summary>
public interface IScheduleGrain : IGrain
{
    Task<ScheduleSetup> GetSetupAsync();

    /// <summary>Replaces the visit types and resources; bookings stay as they are.</summary>
    Task<ScheduleSetup> ConfigureAsync(ScheduleSetup setup);

    Task<IReadOnlyList<Slot>> FindSlotsAsync(SlotQuery query);

    /// <summary>Books a free slot (idempotent for the same appointment id); the patient hears of it through the outbox.</summary>
    Task<Appointment> BookAsync(BookingRequest request);

    /// <summary>Cancels a booking; its slot is offered to the patients on the ASAP list for that visit type.</summary>
    Task<Appointment> CancelAsync(string appointmentId, string? by, string? reason);

    /// <summary>Moves a booking to another free slot; the freed slot is offered to the ASAP list.</summary>
    Task<Appointment> RescheduleAsync(string appointmentId, DateTimeOffset start, string? by);

    /// <summary>Marks a booking done (the visit was recorded); it is no longer a future booking.</summary>
    Task CompleteAsync(string appointmentId);

    Task<Appointment?> GetAppointmentAsync(string appointmentId);

    /// <summary>Bookings that overlap [from, until), by start.</summary>
    Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(DateTimeOffset from, DateTimeOffset until);

    Task<IReadOnlyList<AsapEntry>> JoinAsapAsync(string patientId, string visitTypeId);

    Task<IReadOnlyList<AsapEntry>> LeaveAsapAsync(string patientId);

    Task<IReadOnlyList<AsapEntry>> GetAsapAsync();
}
