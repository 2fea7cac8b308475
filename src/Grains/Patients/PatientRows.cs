using Recall.Grains.Hosting;

namespace Recall.Grains.Patients;

/// <summary>The patient in the patients list: what lists, filters and search need.</summary>
public sealed record PatientRow(
    string ClinicId,
    string PatientId,
    string FirstName,
    string LastName,
    string? Phone,
    string? Email,
    PatientStatus Status,
    string? ResponsiblePartyId,
    DateOnly? LastVisit,
    bool HardToReach = false,
    bool AwaitingReply = false,
    bool RecallRequired = false,
    DateOnly? InsuranceValidTo = null,
    string? ResponsiblePartyName = null) : QueryRow
{
    public override string RowKey => PatientId;
}

/// <summary>A visit booked for the patient: what the daily report and the schedule views read.</summary>
public sealed record AppointmentRow(
    string ClinicId,
    string PatientId,
    string AppointmentId,
    string VisitTypeId,
    string VisitTypeName,
    string? RecallType,
    DateTimeOffset Start,
    DateTimeOffset End,
    Scheduling.AppointmentStatus Status,
    DateTimeOffset BookedAt) : QueryRow
{
    public override string RowKey => AppointmentId;
}

/// <summary>An open recall cycle of an active patient: the rows that due lists, colours and counts read.</summary>
public sealed record RecallCycleRow(
    string ClinicId,
    string PatientId,
    string RecallType,
    DateOnly DueDate,
    RecallStatus Status,
    DateOnly? LastVisit) : QueryRow
{
    public override string RowKey => RecallType;
}

/// <summary>A completed cycle, for compliance counts.</summary>
public sealed record CompletedCycleRow(
    string ClinicId,
    string PatientId,
    string RecallType,
    DateOnly DueDate,
    DateOnly CompletedOn) : QueryRow
{
    public override string RowKey => $"{RecallType}:{DueDate:yyyy-MM-dd}";
}

/// <summary>One contact attempt (message or call), for counts and reports without waking the patient.</summary>
public sealed record ContactAttemptRow(
    string ClinicId,
    string PatientId,
    DateTimeOffset At,
    string Channel,
    string MessageKey,
    OutboxOutcome Outcome,
    DeliveryStage? Delivery) : QueryRow
{
    public override string RowKey => $"{At.ToUnixTimeMilliseconds()}:{Channel}:{MessageKey}";
}
