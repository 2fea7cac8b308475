using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Grains.Tests;

public sealed class ValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Patient_Valid_IsStoredWithItsPhoneInE164()
    {
        var valid = PatientValidation.Validated(
            new PatientData(" Anna ", "Nowak", new DateOnly(1980, 1, 1), "601 234 567", "anna@example.com", Language: "pl",
                ResponsibleParty: new ResponsibleParty("mum", "Ewa Nowak", Phone: "0048 602 345 678")),
            ["pl", "en"], "PL", Today);

        Assert.Equal(("Anna", "+48601234567", "+48602345678"), (valid.FirstName, valid.Phone, valid.ResponsibleParty!.Phone));
    }

    [Fact]
    public void Patient_EveryProblem_IsNamedByField()
    {
        var data = new PatientData(" ", "", Today.AddDays(1), "0601234567", "not-an-email", Language: "fr",
            ResponsibleParty: new ResponsibleParty("bad id!", "", Phone: "123"));

        var error = Assert.Throws<GrainValidationException>(() => PatientValidation.Validated(data, ["pl", "en"], "PL", Today));

        Assert.Equal(
            ["dateOfBirth", "email", "firstName", "language", "lastName", "phone", "responsibleParty.id", "responsibleParty.name", "responsibleParty.phone"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Clinic_UnknownTimeZone_IsRejected()
    {
        var error = Assert.Throws<GrainValidationException>(() =>
            ClinicValidation.ThrowIfInvalid(new ClinicSettings("Smile", "Mars/Olympus", ["pl"], [])));

        Assert.Contains("Mars/Olympus", Assert.Single(error.Errors["timeZone"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Clinic_HoursClosingBeforeOpening_AreRejected()
    {
        var error = Assert.Throws<GrainValidationException>(() => ClinicValidation.ThrowIfInvalid(
            new ClinicSettings("Smile", "Europe/Warsaw", ["pl"], [new OpeningHours(DayOfWeek.Monday, new TimeOnly(18, 0), new TimeOnly(8, 0))])));

        Assert.True(error.Errors.ContainsKey("openingHours[0]"));
    }

    [Fact]
    public void Rules_DuplicateTypeAndZeroInterval_AreRejected()
    {
        var error = Assert.Throws<GrainValidationException>(() => ClinicValidation.ThrowIfInvalid(
        [
            new RecallRule("hygiene", "Hygiene", ["D1110"], 6),
            new RecallRule("hygiene", "Again", ["D1110"], 0),
        ]));

        Assert.True(error.Errors.ContainsKey("recallRules[1].type"));
        Assert.True(error.Errors.ContainsKey("recallRules[1].intervalMonths"));
    }
}
