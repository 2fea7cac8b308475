using System.Net.Mail;
using System.Text.RegularExpressions;
using Recall.Grains.Hosting;

namespace Recall.Grains.Patients;

/// <summary>Checks a patient's profile; every problem is reported against its field.</summary>
public static partial class PatientValidation
{
    /// <summary>E.164: a plus, a country code that does not start with 0, at most 15 digits in all.</summary>
    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public static partial Regex Id();

    public static void ThrowIfInvalid(PatientData? data, IReadOnlyList<string> clinicLanguages, DateOnly today)
    {
        var errors = new ValidationErrors();
        Check(data, clinicLanguages, today, errors);
        errors.ThrowIfAny();
    }

    public static void Check(PatientData? data, IReadOnlyList<string> clinicLanguages, DateOnly today, ValidationErrors errors)
    {
        if (data is null)
        {
            errors.Add("patient", "The patient's data is required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(data.FirstName))
        {
            errors.Add("firstName", "The first name is required.");
        }

        if (string.IsNullOrWhiteSpace(data.LastName))
        {
            errors.Add("lastName", "The last name is required.");
        }

        if (data.DateOfBirth is { } born && (born > today || born.Year < 1880))
        {
            errors.Add("dateOfBirth", "The date of birth must be a real date in the past.");
        }

        CheckContact(data.Phone, data.Email, "", errors);
        if (data.Language is { } language && !clinicLanguages.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("language", $"'{language}' is not one of the clinic's languages ({string.Join(", ", clinicLanguages)}).");
        }

        if (!Enum.IsDefined(data.PreferredChannel))
        {
            errors.Add("preferredChannel", "The preferred channel is sms, email or none.");
        }

        if (!Enum.IsDefined(data.Status))
        {
            errors.Add("status", "The status is active, inactive or deceased.");
        }

        if (data.ResponsibleParty is { } party)
        {
            if (party.Id is null || !Id().IsMatch(party.Id))
            {
                errors.Add("responsibleParty.id", "The responsible party needs an id (letters, digits, '.', '_' or '-').");
            }

            if (string.IsNullOrWhiteSpace(party.Name))
            {
                errors.Add("responsibleParty.name", "The responsible party's name is required.");
            }

            CheckContact(party.Phone, party.Email, "responsibleParty.", errors);
        }
    }

    public static bool IsE164(string phone) => E164().IsMatch(phone);

    private static void CheckContact(string? phone, string? email, string prefix, ValidationErrors errors)
    {
        if (phone is not null && !IsE164(phone))
        {
            errors.Add(prefix + "phone", $"'{phone}' is not an E.164 phone number such as +48601234567.");
        }

        if (email is not null && !IsEmail(email))
        {
            errors.Add(prefix + "email", $"'{email}' is not an email address.");
        }
    }

    public static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.', StringComparison.Ordinal);
}
