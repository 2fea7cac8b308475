using Orleans;

namespace Recall.Grains.Patients;

/// <summary>A patient's profile as the practice system sends it. Phone numbers may be national (601 234 567, read in the clinic's country) or international; they are stored in E.164 (+48601234567).</summary>
[GenerateSerializer, Immutable]
public sealed record PatientData(
    string FirstName,
    string LastName,
    DateOnly? DateOfBirth = null,
    string? Phone = null,
    string? Email = null,
    ContactChannel PreferredChannel = ContactChannel.Sms,
    string? Language = null,
    PatientStatus Status = PatientStatus.Active,
    ResponsibleParty? ResponsibleParty = null)
{
    /// <summary>This profile with the fields not in <paramref name="supplied"/> taken from <paramref name="stored"/>.</summary>
    public PatientData KeepingUnsupplied(PatientData stored, PatientFields supplied) => this with
    {
        DateOfBirth = supplied.HasFlag(PatientFields.DateOfBirth) ? DateOfBirth : stored.DateOfBirth,
        Phone = supplied.HasFlag(PatientFields.Phone) ? Phone : stored.Phone,
        Email = supplied.HasFlag(PatientFields.Email) ? Email : stored.Email,
        PreferredChannel = supplied.HasFlag(PatientFields.PreferredChannel) ? PreferredChannel : stored.PreferredChannel,
        Language = supplied.HasFlag(PatientFields.Language) ? Language : stored.Language,
        Status = supplied.HasFlag(PatientFields.Status) ? Status : stored.Status,
        ResponsibleParty = supplied.HasFlag(PatientFields.ResponsibleParty) ? ResponsibleParty : stored.ResponsibleParty,
    };
}

/// <summary>
/// Who is contacted for the patient: a guardian, or an animal's owner. One party (same id) may be
/// responsible for several patients; their phone and email then stand in for the patient's.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ResponsibleParty(string Id, string Name, string? Phone = null, string? Email = null, string? Relationship = null);

/// <summary>The optional profile fields, to say which ones an import supplies (the others keep their stored values).</summary>
[Flags]
public enum PatientFields
{
    None = 0,
    DateOfBirth = 1,
    Phone = 2,
    Email = 4,
    PreferredChannel = 8,
    Language = 16,
    Status = 32,
    ResponsibleParty = 64,
    All = DateOfBirth | Phone | Email | PreferredChannel | Language | Status | ResponsibleParty,
}

/// <summary>A completed visit with the services performed (procedure codes such as D1110).</summary>
[GenerateSerializer, Immutable]
public sealed record VisitInput(DateOnly Date, IReadOnlyList<string> ServiceCodes, string? VisitId = null);

/// <summary>How a staff phone call to the patient ended.</summary>
public enum CallOutcome
{
    Reached,
    Booked,
    NoAnswer,
    Voicemail,
    WrongNumber,
}

/// <summary>A phone call staff made to the patient, logged with the communication.</summary>
[GenerateSerializer, Immutable]
public sealed record CallLog(CallOutcome Outcome, string? Note, string By);
