using Orleans;

namespace Recall.Grains.Patients;

/// <summary>Everything the patient's grain holds about them, as a data-protection export gives it.</summary>
[GenerateSerializer, Immutable]
public sealed record PatientRecord(
    string Id,
    PatientData Profile,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Visit> Visits,
    IReadOnlyList<RecallCycle> Cycles,
    IReadOnlyList<CompletedCycle> CompletedCycles,
    IReadOnlyList<PatientAppointment> Appointments,
    IReadOnlyList<CommunicationEntry> Communication,
    IReadOnlyList<Tasks.StaffTask> Tasks,
    Insurance.InsurancePolicy? Insurance,
    Scheduling.VisitPreferences? Preferences);

/// <summary>The outcome of an erasure: when and by whom, and how many de-identified contact records the reports keep.</summary>
[GenerateSerializer, Immutable]
public sealed record ErasureView(string PatientId, DateTimeOffset ErasedAt, string By, int ContactRecordsKept);
