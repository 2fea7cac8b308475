using Orleans;
using Recall.Grains.Patients;

namespace Recall.Grains.Queries;

/// <summary>
/// Reads over the query rows that patient grains maintain: lists and counts come from here, not
/// from waking every grain. Implemented per database by the silo.
/// </summary>
public interface IRecallQueries
{
    /// <summary>A page of a clinic's patients matching the filter; colours are as of <paramref name="today"/>.</summary>
    Task<PatientPage> ListPatientsAsync(string clinicId, PatientFilter filter, DateOnly today, CancellationToken cancellationToken);

    /// <summary>Open recall cycles of active patients by status and colour, and completed cycles.</summary>
    Task<RecallCounts> CountRecallsAsync(string clinicId, DateOnly today, CancellationToken cancellationToken);

    /// <summary>Contact attempts (messages and calls) in a period, by channel and outcome.</summary>
    /// <remarks><paramref name="recallOutreachOnly"/>: only the recall messages and staff calls, not appointment notices, offers or conversation replies.</remarks>
    Task<IReadOnlyList<ContactCount>> CountContactsAsync(string clinicId, DateTimeOffset since, DateTimeOffset until, bool recallOutreachOnly, CancellationToken cancellationToken);

    /// <summary>Every patient id of a clinic, for work that must visit each patient (e.g. after a rule change).</summary>
    Task<IReadOnlyList<string>> ListPatientIdsAsync(string clinicId, CancellationToken cancellationToken);

    /// <summary>A page of the clinic's tasks (a worklist): by priority, then due time.</summary>
    Task<Tasks.TaskPage> ListTasksAsync(string clinicId, Tasks.TaskFilter filter, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Booked and completed visits starting in [from, until), by start; <see cref="Reports.ScheduledVisit.Start"/> in UTC.</summary>
    Task<IReadOnlyList<Reports.ScheduledVisit>> ListAppointmentsAsync(string clinicId, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Recall visits booked from <paramref name="from"/> on.</summary>
    Task<int> CountBookedRecallVisitsAsync(string clinicId, DateTimeOffset from, CancellationToken cancellationToken);

    /// <summary>Open, unbooked recall cycles of active patients due by <paramref name="until"/> (overdue included).</summary>
    Task<IReadOnlyList<Reports.DuePatient>> ListToContactAsync(string clinicId, DateOnly until, CancellationToken cancellationToken);

    /// <summary>A page of the clinic's send queue: what is to go (or went) to whom, when, why, and where it stands.</summary>
    Task<Reminders.SendQueuePage> ListSendsAsync(string clinicId, Reminders.SendQueueFilter filter, CancellationToken cancellationToken);

    /// <summary>A page of the reminders list: open recalls of active patients, by client, then due date; colours as of <paramref name="today"/>.</summary>
    Task<Reminders.ReminderPage> ListRemindersAsync(string clinicId, Reminders.ReminderFilter filter, DateOnly today, CancellationToken cancellationToken);

    /// <summary>Patients contacted, visits booked, recall visits completed on time and late in a month.</summary>
    Task<MonthSummary> SummarizeMonthAsync(string clinicId, DateTimeOffset from, DateTimeOffset until, DateOnly firstDay, DateOnly nextFirstDay, CancellationToken cancellationToken);
}

/// <summary>A month's outcomes from the query rows; a recall visit within 30 days of its due date is on time.</summary>
public sealed record MonthSummary(int PatientsContacted, int VisitsBooked, int CompletedOnTime, int CompletedLate);

/// <summary>
/// Filters for the patients list. A patient matches when one of its open cycles does.
/// <see cref="DueWithinDays"/> includes what is already overdue: everyone to contact within N days.
/// </summary>
public sealed record PatientFilter(
    RecallStatus? Status = null,
    DueColour? Colour = null,
    int? DueWithinDays = null,
    string? ResponsiblePartyId = null,
    string? Search = null,
    int Page = 1,
    int PageSize = 50,
    bool? HardToReach = null,
    bool? AwaitingReply = null,
    InsuranceState? Insurance = null,
    bool? RecallRequired = null);

/// <summary>The primary insurance as of the clinic's today: valid through today or later, expired before today, or none recorded.</summary>
public enum InsuranceState
{
    Valid,
    Expired,
    Missing,
}

public sealed record PatientSummary(
    string PatientId,
    string FirstName,
    string LastName,
    string? Phone,
    string? Email,
    PatientStatus Status,
    DateOnly? LastVisit,
    string? NextRecallType,
    DateOnly? NextDueDate,
    RecallStatus? NextRecallStatus,
    DueColour? Colour,
    int? DaysUntilDue,
    bool HardToReach = false,
    bool AwaitingReply = false,
    bool RecallRequired = false,
    DateOnly? InsuranceValidTo = null,
    InsuranceState Insurance = InsuranceState.Missing);

public sealed record PatientPage(IReadOnlyList<PatientSummary> Items, int Page, int PageSize, int Total);

[GenerateSerializer, Immutable]
public sealed record RecallCounts(
    DateOnly AsOf,
    int Patients,
    int ActivePatients,
    IReadOnlyDictionary<RecallStatus, int> ByStatus,
    IReadOnlyDictionary<DueColour, int> ByColour,
    int DueWithin30Days);

/// <summary>How many contact attempts went by one channel with one outcome, and how many of those the provider reported delivered, or undelivered.</summary>
[GenerateSerializer, Immutable]
public sealed record ContactCount(string Channel, Hosting.OutboxOutcome Outcome, int Attempts, int Delivered, int Undelivered = 0);
