using System.Net.Mail;
using System.Text.RegularExpressions;
using Recall.Grains.Hosting;
using Recall.Grains.Phones;

namespace Recall.Grains.Patients;

/// <summary>
/// Checks a patient's profile; every problem is reported against its field. Phone numbers are read
/// in the clinic's country (national or international forms) and come back as E.164.
/// </summary>
public static partial class PatientValidation
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public static partial Regex Id();

    /// <summary>The profile as stored (names trimmed, phones in E.164), or a validation error naming each bad field.</summary>
    public static PatientData Validated(PatientData? data, IReadOnlyList<string> clinicLanguages, string? country, DateOnly today)
    {
        var errors = new ValidationErrors();
        var valid = Check(data, clinicLanguages, country, today, errors);
        errors.ThrowIfAny();
        return valid!;
    }

    /// <summary>Adds each problem to <paramref name="errors"/>; returns the profile as it would be stored.</summary>
    public static PatientData? Check(PatientData? data, IReadOnlyList<string> clinicLanguages, string? country, DateOnly today, ValidationErrors errors)
    {
        if (data is null)
        {
            errors.Add("patient", "The patient's data is required.");
            return null;
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

        var phone = CheckContact(data.Phone, data.Email, country, "", errors);
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

            data = data with { ResponsibleParty = party with { Phone = CheckContact(party.Phone, party.Email, country, "responsibleParty.", errors) } };
        }

        return data with { FirstName = data.FirstName?.Trim() ?? "", LastName = data.LastName?.Trim() ?? "", Phone = phone };
    }

    /// <summary>The number in E.164, or a problem naming the field with an example for the clinic's country.</summary>
    public static string? CheckPhone(string? phone, string? country, string field, ValidationErrors errors)
    {
        if (phone is null)
        {
            return null;
        }

        if (PhoneParser.TryParse(phone, country, out var problem) is { } parsed)
        {
            return parsed.E164;
        }

        errors.Add(field, $"'{phone}' is not a valid phone number: {problem} Write it as {PhoneParser.Example(country)}.");
        return phone;
    }

    private static string? CheckContact(string? phone, string? email, string? country, string prefix, ValidationErrors errors)
    {
        if (email is not null && !IsEmail(email))
        {
            errors.Add(prefix + "email", $"'{email}' is not an email address.");
        }

        return CheckPhone(phone, country, prefix + "phone", errors);
    }

    public static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.', StringComparison.Ordinal);
}
