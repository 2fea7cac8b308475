namespace Recall.Grains.Patients;

public enum PatientStatus
{
    Active,
    Inactive,
    Deceased,
}

public enum ContactChannel
{
    Sms,
    Email,
    None,
}

/// <summary>Where a recall cycle stands: Due -> Contacted -> Scheduled -> Completed, or Overdue.</summary>
public enum RecallStatus
{
    Due,
    Contacted,
    Scheduled,
    Completed,
    Overdue,
}

/// <summary>The colour of a due date: black 31+ days away, yellow within 30 days, red on or after the due date.</summary>
public enum DueColour
{
    Black,
    Yellow,
    Red,
}
