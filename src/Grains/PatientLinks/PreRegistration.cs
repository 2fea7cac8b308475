using Orleans;
using Recall.Grains.Hosting;

namespace Recall.Grains.PatientLinks;

/// <summary>
/// What the clinic asks before a visit on the pre-registration page: the contact details to check, the
/// insurance, the reason for the visit, and (when <see cref="ConsentText"/> is set) a consent to tick.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PreRegistrationSettings(bool AskContact = true, bool AskInsurance = true, bool AskReason = true, string? ConsentText = null)
{
    public static readonly PreRegistrationSettings Default = new();

    public void Check(ValidationErrors errors)
    {
        if (ConsentText is { Length: > 1000 })
        {
            errors.Add("preRegistration.consentText", "The consent text is at most 1000 characters.");
        }
    }
}

/// <summary>What the patient sent from the page; the fields the clinic does not ask are left out.</summary>
[GenerateSerializer, Immutable]
public sealed record PreRegistrationAnswers(string? Phone, string? Email, string? Insurer, string? InsuranceNumber, string? Reason, bool Consent);

/// <summary>A visit's pre-registration as staff see it: when, and what the patient told (insurance unverified until staff check it).</summary>
[GenerateSerializer, Immutable]
public sealed record PreRegistration(DateTimeOffset At, string? Insurer, string? InsuranceNumber, string? Reason, bool Consent);
