using Orleans;

namespace Recall.Grains.Clinics;

/// <summary>
/// A clinic's general settings. <see cref="TimeZone"/> is an IANA id such as Europe/Warsaw.
/// <see cref="Sending"/> (quiet hours and frequency caps) defaults to <see cref="SendingRules.Default"/>.
/// <see cref="SmsSender"/> is the clinic's own Twilio number (E.164) or Messaging Service SID (MG...);
/// with several clinics each needs its own, so replies and STOPs reach the right clinic.
/// <see cref="Country"/> (ISO 3166, e.g. PL) is where national phone numbers belong; when it is not
/// given, the time zone's country is taken.
/// <see cref="StaffWebhookUrl"/> is an incoming webhook (Teams, Slack) that tells staff when a patient
/// needs a person; <see cref="IntegrationWebhookUrl"/> receives recall status changes as JSON events.
/// <see cref="BrandColour"/> (#rrggbb, readable under white text) heads the patients' pages.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClinicSettings(
    string Name,
    string TimeZone,
    IReadOnlyList<string> Languages,
    IReadOnlyList<OpeningHours> OpeningHours,
    SendingRules? Sending = null,
    string? SmsSender = null,
    Uri? StaffWebhookUrl = null,
    Uri? IntegrationWebhookUrl = null,
    RecallWorkflow? Workflow = null,
    string? Country = null,
    PatientLinks.PreRegistrationSettings? PreRegistration = null,
    string? BrandColour = null)
{
    /// <summary>These settings with the country as stored: upper case, or the time zone's when none was given.</summary>
    public ClinicSettings WithCountry() =>
        this with { Country = Country?.Trim().ToUpperInvariant() ?? TimeZoneCountries.CountryOf(TimeZone) };
}

/// <summary>
/// When patients may be messaged, in the clinic's local time (patients are taken to live in the
/// clinic's time zone), and how often. A message due outside the window, or over a cap, waits; it
/// is not dropped. Defaults: 08:00-21:00 (US TCPA 47 CFR 64.1200(c)(1)), at most 1 a day and
/// 3 a week (the FCC's healthcare-exemption figures), since message fatigue is patients' top complaint.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SendingRules(TimeOnly WindowOpens, TimeOnly WindowCloses, int MaxPerDay, int MaxPerWeek)
{
    public static readonly SendingRules Default = new(new TimeOnly(8, 0), new TimeOnly(21, 0), 1, 3);
}

/// <summary>The hours the clinic is open on one day of the week, in the clinic's local time.</summary>
[GenerateSerializer, Immutable]
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>What a patient grain needs from its clinic to compute recall cycles and send messages.</summary>
[GenerateSerializer, Immutable]
public sealed record RecallContext(
    string ClinicName,
    string TimeZone,
    IReadOnlyList<string> Languages,
    IReadOnlyList<RecallRule> Rules,
    SendingRules? Sending = null,
    IReadOnlyList<Templates.MessageTemplate>? Templates = null,
    string? SmsSender = null,
    Uri? StaffWebhookUrl = null,
    Uri? IntegrationWebhookUrl = null,
    RecallWorkflow? Workflow = null,
    string? Country = null)
{
    public RecallWorkflow WorkflowRules => Workflow ?? RecallWorkflow.Default;

    /// <summary>The text and subject of a message for a patient, from the clinic's or the default template.</summary>
    public (string Body, string? Subject) Message(Templates.TemplatePurpose purpose, string? language, IReadOnlyDictionary<string, string?> values)
    {
        var template = Recall.Grains.Templates.TemplateDefaults.Resolve(Templates ?? [], purpose, language, Languages);
        return (Recall.Grains.Templates.TemplateRenderer.Render(template.Body, values),
            template.Subject is null ? null : Recall.Grains.Templates.TemplateRenderer.Render(template.Subject, values));
    }

    public SendingRules SendingRules => Sending ?? SendingRules.Default;

    /// <summary>The sending window as the outbox re-checks it at send time.</summary>
    public Hosting.SendWindow SendWindow => new(TimeZone, SendingRules.WindowOpens, SendingRules.WindowCloses);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The calendar date at the clinic at instant <paramref name="now"/>.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The instant a local calendar date begins at the clinic (the first valid local time on a DST gap).</summary>
    public DateTimeOffset StartOf(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>
    /// A local date and time at the clinic as an instant, with the offset in force at that time
    /// (not the day's start: on the day clocks change they differ). A time skipped by a
    /// daylight-saving gap moves to the first valid time after it.
    /// </summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
