using Orleans;
using Google = PhoneNumbers;

namespace Recall.Grains.Phones;

/// <summary>What kind of line a number is, as Google's libphonenumber metadata says from its digits.</summary>
public enum PhoneLineType
{
    Unknown,
    Mobile,
    Landline,

    /// <summary>Countries such as the US do not tell mobiles from landlines by their digits.</summary>
    MobileOrLandline,
    Voip,
    TollFree,
    Other,
}

/// <summary>A number in E.164 (+48601234567) and its line type.</summary>
[GenerateSerializer, Immutable]
public sealed record ParsedPhone(string E164, PhoneLineType LineType)
{
    /// <summary>
    /// Whether a text can reach it. A landline, toll-free or premium number cannot, so the notice goes
    /// by email or to a call task before any SMS is tried; where the digits cannot tell, we try.
    /// </summary>
    public bool CanReceiveSms => LineType is PhoneLineType.Mobile or PhoneLineType.MobileOrLandline or PhoneLineType.Voip or PhoneLineType.Unknown;
}

/// <summary>
/// Phone numbers in the forms clinics' records hold them: national (<c>601 000 002</c>,
/// <c>070-123 45 67</c>), international (<c>+48 601 000 003</c>, <c>0048601000008</c>), with spaces,
/// dashes, dots or brackets. The clinic's country is the region a national number belongs to.
/// libphonenumber does the parsing and validation: its metadata knows every country's number plan.
/// </summary>
public static class PhoneParser
{
    private static readonly Google.PhoneNumberUtil Util = Google.PhoneNumberUtil.GetInstance();

    /// <summary>The ISO 3166 country codes the phone metadata knows (PL, SE, DE, ...).</summary>
    public static bool IsKnownCountry(string? country) => country is not null && Util.GetSupportedRegions().Contains(country);

    /// <summary>The number as E.164 with its line type, or null (with why) when it is not a valid number.</summary>
    public static ParsedPhone? TryParse(string text, string? country, out string? problem)
    {
        problem = null;
        var region = IsKnownCountry(country) ? country! : "ZZ"; // ZZ: no default region, only +... numbers parse.
        Google.PhoneNumber number;
        try
        {
            number = Util.Parse(text, region);
        }
        catch (Google.NumberParseException e)
        {
            problem = e.ErrorType == Google.ErrorType.INVALID_COUNTRY_CODE && region == "ZZ"
                ? "The clinic has no country, so the number needs its country code (+48 ...)."
                : "It is not a phone number.";
            return null;
        }

        if (!Util.IsValidNumber(number))
        {
            problem = Util.GetRegionCodeForCountryCode(number.CountryCode) is var numberRegion && numberRegion != region && numberRegion != "ZZ"
                ? $"It is not a valid number in {numberRegion}."
                : "It is not a valid number here (too short, too long, or not in use).";
            return null;
        }

        return new ParsedPhone(Util.Format(number, Google.PhoneNumberFormat.E164), LineType(Util.GetNumberType(number)));
    }

    /// <summary>Whether the text is a valid number written exactly in E.164, as Twilio writes them.</summary>
    public static bool IsE164(string text) => TryParse(text, null, out _)?.E164 == text;

    /// <summary>Whether a stored (E.164) number can receive texts: not a landline. A number the metadata cannot read is tried.</summary>
    public static bool CanReceiveSms(string e164) => TryParse(e164, null, out _)?.CanReceiveSms ?? true;

    /// <summary>The line type of a stored (E.164) number.</summary>
    public static PhoneLineType LineTypeOf(string e164) => TryParse(e164, null, out _)?.LineType ?? PhoneLineType.Unknown;

    /// <summary>A mobile number of the country as people there write it, for error messages ("e.g. 512 345 678").</summary>
    public static string Example(string? country)
    {
        if (IsKnownCountry(country) && Util.GetExampleNumberForType(country, Google.PhoneNumberType.MOBILE) is { } example)
        {
            return $"{Util.Format(example, Google.PhoneNumberFormat.NATIONAL)} or {Util.Format(example, Google.PhoneNumberFormat.INTERNATIONAL)}";
        }

        return "+48 512 345 678";
    }

    private static PhoneLineType LineType(Google.PhoneNumberType type) => type switch
    {
        Google.PhoneNumberType.MOBILE => PhoneLineType.Mobile,
        Google.PhoneNumberType.FIXED_LINE => PhoneLineType.Landline,
        Google.PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneLineType.MobileOrLandline,
        Google.PhoneNumberType.VOIP => PhoneLineType.Voip,
        Google.PhoneNumberType.TOLL_FREE => PhoneLineType.TollFree,
        Google.PhoneNumberType.UNKNOWN => PhoneLineType.Unknown,
        _ => PhoneLineType.Other,
    };
}
