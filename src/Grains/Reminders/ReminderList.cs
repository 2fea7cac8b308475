using Recall.Grains.Patients;

namespace Recall.Grains.Reminders;

/// <summary>
/// Filters for the reminders list: every open recall of active patients, coloured by due date alone.
/// <see cref="ClientId"/> is a client (the responsible party, e.g. an owner) or a patient without one.
/// </summary>
public sealed record ReminderFilter(
    string? RecallType = null,
    DueColour? Colour = null,
    DateOnly? DueFrom = null,
    DateOnly? DueTo = null,
    string? ClientId = null,
    int Page = 1,
    int PageSize = 100);

/// <summary>One patient's open recall, under its client: a client's patients come together, each with its colour.</summary>
public sealed record ReminderListItem(
    string ClientId,
    string ClientName,
    string PatientId,
    string PatientName,
    string RecallType,
    DateOnly DueDate,
    RecallStatus Status,
    DueColour Colour,
    int DaysUntilDue,
    DateOnly? LastVisit);

public sealed record ReminderPage(IReadOnlyList<ReminderListItem> Items, int Page, int PageSize, int Total);
