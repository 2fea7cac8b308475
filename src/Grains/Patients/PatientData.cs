namespace Recall.Grains.Patients;

/// <summary>A patient's profile as the practice system sends it. Phone numbers are E.164 (+48601234567).</summary>
public sealed record PatientData(
    string FirstName,
    string LastName,
    DateOnly? DateOfBirth = null,
    string? Phone = null,
    string? Email = null,
    ContactChannel PreferredChannel = ContactChannel.Sms,
    string? Language = null,
    PatientStatus Status = PatientStatus.Active,
    ResponsibleParty? ResponsibleParty = null);

/// <summary>
/// Who is contacted for the patient: a guardian, or an animal's owner. One party (same id) may be
/// responsible for several patients; their phone and email then stand in for the patient's.
/// </summary>
public sealed record ResponsibleParty(string Id, string Name, string? Phone = null, string? Email = null, string? Relationship = null);

/// <summary>A completed visit with the services performed (procedure codes such as D1110).</summary>
public sealed record VisitInput(DateOnly Date, IReadOnlyList<string> ServiceCodes, string? VisitId = null);
