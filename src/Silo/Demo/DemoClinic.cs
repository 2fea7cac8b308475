using Recall.Grains;
using Recall.Api.Staff;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;
using Recall.Grains.Staff;
using Recall.Grains.Templates;

namespace Recall.Silo.Demo;

/// <summary>
/// The demo switch (<c>--demo</c>): a dental clinic with a few hundred patients whose last visits
/// are spread over the past 15 months, so a newcomer sees red, yellow and black due dates at once,
/// and one staff user per role to sign in as. Deterministic (fixed seed) and created only once.
/// </summary>
public static class DemoClinic
{
    public const string Id = "demo";

    /// <summary>The demo users' password: printed in the README, so only ever for the demo clinics.</summary>
    public const string StaffPassword = "demo-password";

    private const int Patients = 300;

    private static readonly (string UserName, string Name, StaffRole Role)[] Staff =
    [
        ("admin", "Ada Admin", StaffRole.Admin),
        ("desk", "Fiona Desk", StaffRole.FrontDesk),
        ("hygienist", "Hanna Hygienist", StaffRole.Hygienist),
        ("dentist", "Dr Lena Lead", StaffRole.LeadDentist),
        ("manager", "Marek Manager", StaffRole.OfficeManager),
    ];

    internal static readonly string[] FirstNames = ["Anna", "Piotr", "Maria", "Jan", "Katarzyna", "Tomasz", "Agnieszka", "Paweł", "Ewa", "Michał", "Erik", "Sofia", "Lukas", "Emma"];
    internal static readonly string[] LastNames = ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska", "Zieliński", "Andersson", "Johansson", "Müller", "Schmidt", "Smith"];

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static async Task SeedDemoClinicAsync(this IServiceProvider services)
    {
        var settings = new ClinicSettings("Demo Dental", "Europe/Warsaw", ["pl", "en"], OpenOnWeekdays(new TimeOnly(8, 0), new TimeOnly(18, 0)),
            Workflow: new RecallWorkflow(ManagerEmail: "manager@demo-dental.example"));
        RecallRule[] rules =
        [
            new RecallRule("hygiene", "Hygiene recall", ["D1110", "D1120", "D4910"], IntervalMonths: 6, ExtraDays: 1),
            new RecallRule("exam", "Periodic exam", ["D0120", "D0150"], IntervalMonths: 12),
        ];
        if (await services.CreateDemoClinicOnceAsync(Id, settings, rules, Staff) is not { } today)
        {
            return;
        }

        var grains = services.GetRequiredService<IGrainFactory>();
        await grains.UseTemplatesAsync(Id,
            new(TemplatePurpose.RecallSms, "pl", "{clinicName}: Dzień dobry {firstName}, czas na wizytę kontrolną. Umów się: {bookingLink}"),
            new(TemplatePurpose.RecallSms, "en", "{clinicName}: Hello {firstName}, it is time for your check-up. Book here: {bookingLink}"),
            new(TemplatePurpose.VisitReminder, "pl", "{clinicName}: przypominamy o wizycie {appointmentDate} o {appointmentTime}. Przed wizytą: {preRegistrationLink}"),
            new(TemplatePurpose.VisitReminder, "en", "{clinicName}: reminder of your visit on {appointmentDate} at {appointmentTime}. Before you come: {preRegistrationLink}"));
        await grains.GetGrain<IScheduleGrain>(Id).ConfigureAsync(new ScheduleSetup(
            [
                new VisitType("hygiene-60", "Hygiene visit", 60, ["chair", "hygienist"], "hygiene",
                    new Dictionary<string, string> { ["pl"] = "Prosimy nie jeść 2 godziny przed wizytą.", ["en"] = "Please do not eat for two hours before." }),
                new VisitType("exam-30", "Periodic exam", 30, ["chair", "dentist"], "exam"),
            ],
            [
                new ScheduleResource("chair-1", "Chair 1", "chair", WeekdayHours(new TimeOnly(8, 0), new TimeOnly(18, 0))),
                new ScheduleResource("chair-2", "Chair 2", "chair", WeekdayHours(new TimeOnly(8, 0), new TimeOnly(18, 0))),
                new ScheduleResource("hyg-ewa", "Ewa (hygienist)", "hygienist", WeekdayHours(new TimeOnly(8, 0), new TimeOnly(16, 0)), WeekdayHours(new TimeOnly(12, 0), new TimeOnly(12, 30))),
                new ScheduleResource("dr-kowalski", "Dr Kowalski", "dentist", WeekdayHours(new TimeOnly(10, 0), new TimeOnly(18, 0)), WeekdayHours(new TimeOnly(13, 0), new TimeOnly(13, 45))),
            ]));

        var random = new Random(20261122);
        await Parallel.ForEachAsync(Enumerable.Range(1, Patients), async (n, _) =>
        {
            int Next(int max)
            {
                lock (random)
                {
                    return random.Next(max);
                }
            }

            var first = FirstNames[Next(FirstNames.Length)];
            var last = LastNames[Next(LastNames.Length)];
            var visit = today.AddDays(-Next(450));
            string[] codes = Next(3) == 0 ? ["D1110"] : ["D1110", "D0120"];
            var data = new PatientData(first, last, today.AddYears(-18 - Next(60)).AddDays(-Next(365)),
                Phone: $"+4860{n:D7}", Email: $"patient{n}@example.com",
                PreferredChannel: Next(4) == 0 ? ContactChannel.Email : ContactChannel.Sms, Language: Next(5) == 0 ? "en" : "pl");
            await grains.GetGrain<IPatientGrain>($"{Id}/p{n:D4}").ImportAsync(data, [new VisitInput(visit, codes)], PatientFields.All);
        });
    }

    /// <summary>
    /// Creates a demo clinic with its staff (the first user its admin, all with <see cref="StaffPassword"/>)
    /// and answers the clinic's today; null when the clinic exists already, so each demo is seeded once.
    /// </summary>
    internal static async Task<DateOnly?> CreateDemoClinicOnceAsync(this IServiceProvider services, string id, ClinicSettings settings,
        IReadOnlyList<RecallRule> rules, IReadOnlyList<(string UserName, string Name, StaffRole Role)> staff)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var clinic = grains.GetGrain<IClinicGrain>(id);
        if (await clinic.GetAsync() is not null)
        {
            return null;
        }

        var context = await clinic.CreateAsync(settings, rules);
        var directory = grains.GetGrain<IStaffDirectoryGrain>(id);
        var hash = StaffPasswords.Hash(StaffPassword);
        await directory.SetUpFirstAdminAsync(new NewStaffUser(staff[0].UserName, staff[0].Name, staff[0].Role, hash));
        foreach (var (userName, name, role) in staff.Skip(1))
        {
            await directory.AddUserAsync(new NewStaffUser(userName, name, role, hash));
        }

        var time = services.GetRequiredKeyedService<TimeProvider>(RecallClock.Key);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(context.Settings.TimeZone)).DateTime);
    }

    /// <summary>The demo's own wording: the shipped texts with the patient pages' links in them, so a newcomer sees the links at work.</summary>
    internal static async Task UseTemplatesAsync(this IGrainFactory grains, string clinicId, params MessageTemplate[] templates)
    {
        foreach (var template in templates)
        {
            await grains.GetGrain<IClinicGrain>(clinicId).SetTemplateAsync(template);
        }
    }

    internal static OpeningHours[] OpenOnWeekdays(TimeOnly from, TimeOnly to) => [.. Weekdays.Select(d => new OpeningHours(d, from, to))];

    internal static WeeklyHours[] WeekdayHours(TimeOnly from, TimeOnly to) => [.. Weekdays.Select(d => new WeeklyHours(d, from, to))];
}
