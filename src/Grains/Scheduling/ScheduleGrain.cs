using System.Text.Json;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Serialization;

namespace Recall.Grains.Scheduling;

[Orleans.GrainType("schedule")] // The stored grain type: part of the database, never renamed.
public sealed class ScheduleGrain : Grain<ScheduleState>, IScheduleGrain
{
    /// <summary>Days an ended appointment stays in the schedule's state (the patients and the appointment rows keep it for good).</summary>
    public const int KeepDays = 30;

    /// <summary>How many patients on the ASAP list hear of a freed slot at once; the first "yes" takes it.</summary>
    public const int OffersPerSlot = 5;

    private string ClinicId => GrainKey;

    public Task<ScheduleSetup> GetSetupAsync() => Task.FromResult(Setup);

    public async Task<ScheduleSetup> ConfigureAsync(ScheduleSetup setup)
    {
        await ClinicAsync();
        ScheduleValidation.ThrowIfInvalid(setup);
        State.VisitTypes = [.. setup.VisitTypes];
        State.Resources = [.. setup.Resources];
        return Setup;
    }

    public async Task<IReadOnlyList<Slot>> FindSlotsAsync(SlotQuery query)
    {
        var clinic = await ClinicAsync();
        var errors = new ValidationErrors();
        VisitTypeOf(query.VisitTypeId, errors);
        if (query.Days is < 1 or > 92)
        {
            errors.Add("days", "Search 1 to 92 days.");
        }

        if (query.Max is < 1 or > 200)
        {
            errors.Add("max", "Ask for 1 to 200 slots.");
        }

        errors.ThrowIfAny();
        return SlotFinder.Find(Setup, State.Appointments, clinic.At, Time.GetUtcNow(), query);
    }

    public async Task<Appointment> BookAsync(BookingRequest request)
    {
        var clinic = await ClinicAsync();
        if (State.Appointments.FirstOrDefault(a => a.Id == request.AppointmentId) is { } existing)
        {
            return existing.PatientId == request.PatientId && existing.Start == request.Start
                ? existing // A retry of this booking.
                : throw new GrainConflictException($"The appointment id '{request.AppointmentId}' is taken.");
        }

        if (State.Appointments.FirstOrDefault(a => a.Status == AppointmentStatus.Booked && a.PatientId == request.PatientId
            && a.VisitTypeId == request.VisitTypeId && a.Start == request.Start) is { } same)
        {
            return same; // Booked already under another id (the patient's turn failed after this one committed): one booking.
        }

        var type = CheckBooking(request.VisitTypeId, request.Start);
        var resources = FreeResources(clinic, type, request.Start, request.ResourceIds, ignoring: null)
            ?? throw new GrainConflictException($"The slot at {request.Start:yyyy-MM-dd HH:mm}Z for '{type.Name}' is not free (taken, or outside working hours).");
        var appointment = new Appointment(request.AppointmentId, request.PatientId, type.Id, request.Start, request.Start.AddMinutes(type.DurationMinutes),
            resources, AppointmentStatus.Booked, Time.GetUtcNow(), request.By);
        Prune();
        State.Appointments.Add(appointment);
        State.Asap.RemoveAll(e => e.PatientId == request.PatientId && e.VisitTypeId == type.Id);
        Notify(appointment, AppointmentNoticeKind.Booked, appointment.PatientId, $"appointment:{appointment.Id}:booked:{appointment.Start.ToUnixTimeMilliseconds()}");
        return appointment;
    }

    public async Task<Appointment> RescheduleAsync(string appointmentId, DateTimeOffset start, string? by)
    {
        var clinic = await ClinicAsync();
        var index = BookedIndex(appointmentId);
        var old = State.Appointments[index];
        var type = CheckBooking(old.VisitTypeId, start);
        var resources = FreeResources(clinic, type, start, null, ignoring: appointmentId)
            ?? throw new GrainConflictException($"The slot at {start:yyyy-MM-dd HH:mm}Z for '{type.Name}' is not free.");
        var moved = old with { Start = start, End = start.AddMinutes(type.DurationMinutes), ResourceIds = resources, BookedBy = by ?? old.BookedBy };
        State.Appointments[index] = moved;
        State.Asap.RemoveAll(e => e.PatientId == moved.PatientId && e.VisitTypeId == type.Id);
        Notify(moved, AppointmentNoticeKind.Booked, moved.PatientId, $"appointment:{moved.Id}:booked:{moved.Start.ToUnixTimeMilliseconds()}");
        OfferFreedSlot(old, type);
        return moved;
    }

    public async Task<Appointment> CancelAsync(string appointmentId, string? by, string? reason)
    {
        await ClinicAsync();
        var index = BookedIndex(appointmentId);
        var cancelled = State.Appointments[index] with { Status = AppointmentStatus.Cancelled, CancelledAt = Time.GetUtcNow(), CancelReason = reason, BookedBy = by };
        State.Appointments[index] = cancelled;
        Notify(cancelled, AppointmentNoticeKind.Cancelled, cancelled.PatientId, $"appointment:{cancelled.Id}:cancelled");
        if (State.VisitTypes.FirstOrDefault(v => v.Id == cancelled.VisitTypeId) is { } type)
        {
            OfferFreedSlot(cancelled, type);
        }

        return cancelled;
    }

    public Task CompleteAsync(string appointmentId)
    {
        var index = State.Appointments.FindIndex(a => a.Id == appointmentId && a.Status == AppointmentStatus.Booked);
        if (index >= 0)
        {
            State.Appointments[index] = State.Appointments[index] with { Status = AppointmentStatus.Completed };
        }

        return Task.CompletedTask;
    }

    public Task<Appointment?> GetAppointmentAsync(string appointmentId) =>
        Task.FromResult(State.Appointments.FirstOrDefault(a => a.Id == appointmentId));

    public Task<IReadOnlyList<Appointment>> ListAppointmentsAsync(DateTimeOffset from, DateTimeOffset until) =>
        Task.FromResult<IReadOnlyList<Appointment>>([.. State.Appointments.Where(a => a.End > from && a.Start < until).OrderBy(a => a.Start)]);

    public async Task<IReadOnlyList<AsapEntry>> JoinAsapAsync(string patientId, string visitTypeId)
    {
        await ClinicAsync();
        var errors = new ValidationErrors();
        VisitTypeOf(visitTypeId, errors);
        errors.ThrowIfAny();
        if (!State.Asap.Any(e => e.PatientId == patientId && e.VisitTypeId == visitTypeId))
        {
            State.Asap.Add(new AsapEntry(patientId, visitTypeId, Time.GetUtcNow()));
        }

        return State.Asap;
    }

    public Task<IReadOnlyList<AsapEntry>> LeaveAsapAsync(string patientId)
    {
        State.Asap.RemoveAll(e => e.PatientId == patientId);
        return Task.FromResult<IReadOnlyList<AsapEntry>>(State.Asap);
    }

    public Task<IReadOnlyList<AsapEntry>> GetAsapAsync() => Task.FromResult<IReadOnlyList<AsapEntry>>(State.Asap);

    private ScheduleSetup Setup => new(State.VisitTypes, State.Resources);

    private Task<RecallContext> ClinicAsync() => GrainFactory.GetGrain<IClinicGrain>(ClinicId).GetRecallContextAsync();

    private VisitType? VisitTypeOf(string visitTypeId, ValidationErrors errors)
    {
        var type = State.VisitTypes.FirstOrDefault(v => v.Id == visitTypeId);
        if (type is null)
        {
            errors.Add("visitTypeId", $"The clinic has no visit type '{visitTypeId}' ({(State.VisitTypes.Count == 0 ? "none is set up yet" : string.Join(", ", State.VisitTypes.Select(v => v.Id)))}).");
        }

        return type;
    }

    private VisitType CheckBooking(string visitTypeId, DateTimeOffset start)
    {
        var errors = new ValidationErrors();
        var type = VisitTypeOf(visitTypeId, errors);
        if (start < Time.GetUtcNow())
        {
            errors.Add("start", "The slot has already begun; pick a time from now on.");
        }

        errors.ThrowIfAny();
        return type!;
    }

    private int BookedIndex(string appointmentId)
    {
        var index = State.Appointments.FindIndex(a => a.Id == appointmentId);
        if (index < 0)
        {
            throw new GrainNotFoundException($"There is no appointment '{appointmentId}'.");
        }

        if (State.Appointments[index].Status != AppointmentStatus.Booked)
        {
            throw new GrainConflictException($"The appointment '{appointmentId}' is {State.Appointments[index].Status.ToString().ToLowerInvariant()}.");
        }

        return index;
    }

    private IReadOnlyList<string>? FreeResources(RecallContext clinic, VisitType type, DateTimeOffset start, IReadOnlyList<string>? wanted, string? ignoring)
    {
        var local = TimeZoneInfo.ConvertTime(start, clinic.Zone).DateTime;
        var others = ignoring is null ? State.Appointments : [.. State.Appointments.Where(a => a.Id != ignoring)];
        return SlotFinder.FreeResources(Setup, type, others, DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), start, start.AddMinutes(type.DurationMinutes), wanted);
    }

    /// <summary>A slot freed in good time goes to the first patients on the ASAP list for its visit type.</summary>
    private void OfferFreedSlot(Appointment freed, VisitType type)
    {
        if (freed.Start < Time.GetUtcNow().AddHours(2))
        {
            return; // Too close to offer.
        }

        foreach (var entry in State.Asap.Where(e => e.VisitTypeId == type.Id && e.PatientId != freed.PatientId).OrderBy(e => e.AddedAt).Take(OffersPerSlot))
        {
            Notify(freed, AppointmentNoticeKind.SlotOffered, entry.PatientId, $"offer:{freed.Id}:{freed.Start.ToUnixTimeMilliseconds()}:{entry.PatientId}");
        }
    }

    /// <summary>Tells a patient grain through the outbox, after this turn commits: a crash between the two cannot lose it.</summary>
    private void Notify(Appointment appointment, AppointmentNoticeKind kind, string patientId, string messageKey)
    {
        var type = State.VisitTypes.FirstOrDefault(v => v.Id == appointment.VisitTypeId);
        var notice = new AppointmentNotice(kind, appointment.Id, appointment.VisitTypeId, type?.Name ?? appointment.VisitTypeId, type?.RecallType,
            appointment.Start, appointment.End, type?.Instructions, appointment.BookedBy);
        Send(new OutboxMessage(PatientNotices.Channel, messageKey, patientId, JsonSerializer.Serialize(notice, GrainJsonContext.Default.AppointmentNotice)));
    }

    private void Prune()
    {
        var cutoff = Time.GetUtcNow().AddDays(-KeepDays);
        State.Appointments.RemoveAll(a => a.End < cutoff);
    }
}

/// <summary>The outbox channel that carries schedule notices to patient grains (one turn each, after the schedule's turn commits).</summary>
public static class PatientNotices
{
    public const string Channel = "patient";
}
