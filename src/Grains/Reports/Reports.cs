using Orleans;
using Recall.Grains.Patients;
using Recall.Grains.Queries;

namespace Recall.Grains.Reports;

/// <summary>Step 11: the recall visits booked for one day at the clinic, and how many are booked from that day on.</summary>
[GenerateSerializer, Immutable]
public sealed record DailyReport(string ClinicId, DateOnly Date, IReadOnlyList<ScheduledVisit> Visits, int RecallVisitsBookedAhead);

/// <summary>A booked visit as a report lists it; <see cref="Start"/> is local time at the clinic.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduledVisit(string PatientId, string PatientName, string VisitType, string? RecallType, DateTime Start, Scheduling.AppointmentStatus Status);

/// <summary>Step 13: the patients to contact in the next 30 days (already overdue included), not booked yet.</summary>
[GenerateSerializer, Immutable]
public sealed record ContactDueReport(string ClinicId, DateOnly AsOf, DateOnly Until, int Overdue, int DueWithin30Days, int Total, IReadOnlyList<DuePatient> Patients);

[GenerateSerializer, Immutable]
public sealed record DuePatient(string PatientId, string PatientName, string RecallType, DateOnly DueDate, RecallStatus Status, string? Phone, string? Email);

/// <summary>
/// Step 26: recall compliance over a calendar month: contact attempts and how many succeeded (a
/// message sent and not reported undelivered, or a call that reached the patient), the patients
/// contacted, visits booked, and recall visits completed on time (within 30 days of the due date) or late.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MonthlyReport(
    string ClinicId,
    string Month,
    int Attempts,
    int Successful,
    double SuccessRate,
    IReadOnlyList<ContactCount> ByChannel,
    int PatientsContacted,
    int VisitsBooked,
    int CompletedOnTime,
    int CompletedLate);
