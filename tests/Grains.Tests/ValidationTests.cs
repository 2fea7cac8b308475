using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Grains.Tests;

public sealed class ValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("+48601234567", true)]
    [InlineData("+14155550123", true)]
    [InlineData("48601234567", false)]
    [InlineData("+0601234567", false)]
    [InlineData("+48 601 234 567", false)]
    [InlineData("+4860123456789012", false)]
    public void IsE164_Checks(string phone, bool valid) => Assert.Equal(valid, PatientValidation.IsE164(phone));

    [Fact]
    public void Patient_Valid_HasNoErrors() =>
        PatientValidation.ThrowIfInvalid(new PatientData("Anna", "Nowak", new DateOnly(1980, 1, 1), "+48601234567", "anna@example.com", Language: "pl"), ["pl", "en"], Today);

    [Fact]
    public void Patient_EveryProblem_IsNamedByField()
    {
        var data = new PatientData(" ", "", Today.AddDays(1), "0601234567", "not-an-email", Language: "fr",
            ResponsibleParty: new ResponsibleParty("bad id!", "", Phone: "123"));

        var error = Assert.Throws<GrainValidationException>(() => PatientValidation.ThrowIfInvalid(data, ["pl", "en"], Today));

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
