using Orleans;

namespace Recall.Grains.Clinics;

/// <summary>
/// How the clinic's recall workflow runs beyond the first notice. <see cref="VisitReminderDays"/>
/// are the days before a booked visit that a reminder goes out (default 3 and 1: the pair that cut
/// missed visits most in a 54,066-patient randomized trial), by <see cref="VisitReminderChannels"/>
/// (sms, email or both; by default the patient's preferred one); <see cref="PreVisitHours"/> is when the
/// visit type's preparation goes out (0: never). <see cref="DailyReportAt"/> is the local time the
/// daily report is built and mailed to <see cref="ManagerEmail"/> (the monthly one goes with the
/// report on the 1st). A cycle still not booked <see cref="OverdueAlertDays"/> after its due date is
/// raised with the lead dentist; <see cref="NoResponseDays"/> after the first notice with no answer,
/// the office manager follows up. <see cref="VerifyInsurance"/> off (e.g. a veterinary practice, where
/// owners pay themselves) puts no "verify insurance" task on the front desk's worklist.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecallWorkflow(
    IReadOnlyList<int>? VisitReminderDays = null,
    int PreVisitHours = 24,
    TimeOnly? DailyReportAt = null,
    string? ManagerEmail = null,
    int OverdueAlertDays = 30,
    int NoResponseDays = 14,
    IReadOnlyList<string>? VisitReminderChannels = null,
    bool VerifyInsurance = true)
{
    private static readonly string[] ReminderChannels = ["sms", "email"];

    public static readonly RecallWorkflow Default = new();

    public IReadOnlyList<int> ReminderDays => VisitReminderDays ?? [3, 1];

    public TimeOnly ReportTime => DailyReportAt ?? new TimeOnly(7, 0);

    public void Check(Hosting.ValidationErrors errors)
    {
        if (ReminderDays.Any(d => d is < 1 or > 60) || ReminderDays.Distinct().Count() != ReminderDays.Count || ReminderDays.Count > 5)
        {
            errors.Add("workflow.visitReminderDays", "Up to 5 different days before the visit, each 1 to 60 (e.g. [3, 1]).");
        }

        if (VisitReminderChannels is { } channels
            && (channels.Any(c => !ReminderChannels.Contains(c)) || channels.Distinct().Count() != channels.Count))
        {
            errors.Add("workflow.visitReminderChannels", "Booking reminders go by \"sms\", \"email\" or both; leave it out for the patient's preferred channel.");
        }

        if (PreVisitHours is < 0 or > 168)
        {
            errors.Add("workflow.preVisitHours", "Hours before the visit for the preparation message: 0 (never) to 168.");
        }

        if (ManagerEmail is not null && !Patients.PatientValidation.IsEmail(ManagerEmail))
        {
            errors.Add("workflow.managerEmail", $"'{ManagerEmail}' is not an email address.");
        }

        if (OverdueAlertDays is < 1 or > 365)
        {
            errors.Add("workflow.overdueAlertDays", "Days after the due date before the lead dentist is alerted: 1 to 365.");
        }

        if (NoResponseDays is < 1 or > 90)
        {
            errors.Add("workflow.noResponseDays", "Days after the first notice before the office manager follows up: 1 to 90.");
        }
    }
}
