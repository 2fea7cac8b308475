using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Phones;

namespace Recall.Grains.Tests;

/// <summary>Numbers as clinics' exports hold them (issue #15), read in the clinic's country.</summary>
public sealed class PhoneParserTests
{
    [Theory]
    [InlineData("601 000 002", "PL", "+48601000002")]
    [InlineData("070-123 45 67", "SE", "+46701234567")]
    [InlineData("0151 23456789", "DE", "+4915123456789")]
    [InlineData("+48 601 000 003", "PL", "+48601000003")]
    [InlineData("+46 70 123 45 69", "PL", "+46701234569")]
    [InlineData("0048601000008", "PL", "+48601000008")]
    [InlineData("(22) 100-00-01", "PL", "+48221000001")]
    [InlineData("+48601000001", null, "+48601000001")]
    public void NationalAndInternationalForms_BecomeE164(string written, string? country, string e164)
    {
        var parsed = PhoneParser.TryParse(written, country, out var problem);

        Assert.Null(problem);
        Assert.Equal(e164, parsed!.E164);
    }

    [Theory]
    [InlineData("+48601000002", PhoneLineType.Mobile, true)]
    [InlineData("+48221000001", PhoneLineType.Landline, false)]
    [InlineData("+46812345678", PhoneLineType.Landline, false)]
    [InlineData("+14155550123", PhoneLineType.MobileOrLandline, true)]
    [InlineData("+18005551212", PhoneLineType.TollFree, false)]
    public void TheLineType_SaysWhetherATextCanArrive(string e164, PhoneLineType type, bool textable)
    {
        Assert.Equal(type, PhoneParser.LineTypeOf(e164));
        Assert.Equal(textable, PhoneParser.CanReceiveSms(e164));
    }

    [Theory]
    [InlineData("601 000", "PL")]
    [InlineData("12345678901234567", "PL")]
    [InlineData("call me", "SE")]
    [InlineData("601 000 002", null)]
    public void NotANumber_IsRefused_WithWhy(string written, string? country)
    {
        Assert.Null(PhoneParser.TryParse(written, country, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void AnInvalidNumber_IsNamedByItsField_WithAnExampleForTheClinicsCountry()
    {
        var data = new PatientData("Sven", "Berg", Phone: "070-12");

        var error = Assert.Throws<GrainValidationException>(() => PatientValidation.Validated(data, ["sv"], "SE", new DateOnly(2026, 12, 3)));

        var message = Assert.Single(error.Errors["phone"]);
        Assert.Contains("'070-12'", message, StringComparison.Ordinal);
        Assert.Contains("+46 ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("+48", message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsE164_TakesOnlyTheExactForm() =>
        Assert.Equal([true, false, false, false], new[] { "+48601234567", "+48 601 234 567", "48601234567", "+0601234567" }.Select(PhoneParser.IsE164));

    [Theory]
    [InlineData("Europe/Warsaw", "PL")]
    [InlineData("Europe/Stockholm", "SE")]
    [InlineData("Europe/Berlin", "DE")]
    [InlineData("America/New_York", "US")]
    [InlineData("Mars/Olympus", null)]
    public void AClinicsCountry_IsSuggestedByItsTimeZone(string timeZone, string? country)
    {
        Assert.Equal(country, TimeZoneCountries.CountryOf(timeZone));
        Assert.Equal(country, new ClinicSettings("Smile", timeZone, ["en"], []).WithCountry().Country);
    }

    [Fact]
    public void AClinicsOwnCountry_WinsOverItsTimeZone() =>
        Assert.Equal("SE", new ClinicSettings("Smile", "Europe/Warsaw", ["en"], [], Country: "se").WithCountry().Country);
}
