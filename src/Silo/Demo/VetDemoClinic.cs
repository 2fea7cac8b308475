using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Reminders;
using Recall.Grains.Scheduling;
using Recall.Grains.Staff;
using Recall.Grains.Templates;

namespace Recall.Silo.Demo;

/// <summary>
/// The veterinary demo (<c>--demo vet</c>): a small animal clinic whose rules have send schedules
/// (a yearly vaccination heard of four weeks and a week before, on the day and two weeks after; a
/// dental check; a blood test), and a surgery follow-up call for the front desk. Owners are the
/// clients: most have two or three pets, whose reminders of the same day go out as one message.
/// Last visits are spread so that red, yellow and black due dates show at once, and two pets had
/// surgery a few days ago, so the call is on the front desk's worklist. Deterministic (fixed seed),
/// created only once, with the same staff password as <see cref="DemoClinic"/>.
/// </summary>
public static class VetDemoClinic
{
    public const string Id = "vet";

    public const string Name = "Paws & Claws Vet";

    private const int Owners = 40;

    /// <summary>The pets that had surgery three days ago: their follow-up call fell due yesterday.</summary>
    private static readonly int[] OperatedPets = [3, 17];

    private static readonly (string UserName, string Name, StaffRole Role)[] Staff =
    [
        ("admin", "Ada Admin", StaffRole.Admin),
        ("desk", "Fiona Desk", StaffRole.FrontDesk),
        ("nurse", "Nina Nurse", StaffRole.Hygienist),
        ("vet", "Dr Wiktor Vet", StaffRole.LeadDentist),
        ("manager", "Marek Manager", StaffRole.OfficeManager),
    ];

    private static readonly RecallRule[] Rules =
    [
        new("vaccination", "Vaccination", ["VACC"], IntervalMonths: 12,
            Schedule: [new(-28, ["sms"]), new(-7, ["sms", "email"]), new(0, ["sms"]), new(14, ["sms"])]),
        new("dental", "Dental check", ["DENT"], IntervalMonths: 12, Schedule: [new(-14, ["email"]), new(0, ["sms"])]),
        new("lab", "Blood test", ["LAB"], IntervalMonths: 6, Schedule: [new(-7, ["sms"])]),
        new("surgery-call", "Surgery follow-up call", ["SURG"], IntervalMonths: 0, IntervalDays: 2,
            StaffTask: new StaffFollowUp(StaffRole.FrontDesk, "Call the owner: how is the pet two days after surgery?")),
    ];

    /// <summary>Pet names by species: dogs and cats have their teeth checked; rabbits only their vaccination and blood.</summary>
    private static readonly (string Species, string[] Names)[] Species =
    [
        ("dog", ["Burek", "Reksio", "Azor", "Luna", "Bella", "Max", "Kora", "Rocky", "Daisy", "Fado"]),
        ("cat", ["Mruczek", "Filemon", "Kicia", "Tola", "Nala", "Simba", "Puszek", "Oscar", "Mila"]),
        ("rabbit", ["Kłapek", "Śnieżka", "Tuptuś", "Bunny", "Fluffy"]),
    ];

    public static async Task SeedVetDemoClinicAsync(this IServiceProvider services)
    {
        var settings = new ClinicSettings(Name, "Europe/Warsaw", ["pl", "en"], DemoClinic.OpenOnWeekdays(new TimeOnly(8, 0), new TimeOnly(19, 0)),
            Workflow: new RecallWorkflow(ManagerEmail: "manager@paws-and-claws.example", VerifyInsurance: false)); // Owners pay themselves.
        if (await services.CreateDemoClinicOnceAsync(Id, settings, Rules, Staff) is not { } today)
        {
            return;
        }

        var grains = services.GetRequiredService<IGrainFactory>();
        await grains.UseTemplatesAsync(Id,
            new(TemplatePurpose.ServiceReminder, "pl", "{clinicName}: {firstName} – czas na: {service} ({dueDate}). Umów wizytę: {bookingLink}"),
            new(TemplatePurpose.ServiceReminder, "en", "{clinicName}: {firstName} is due for {service} on {dueDate}. Book here: {bookingLink}"));
        await grains.GetGrain<IScheduleGrain>(Id).ConfigureAsync(new ScheduleSetup(
            [
                new VisitType("vacc-20", "Vaccination", 20, ["room", "vet"], "vaccination",
                    new Dictionary<string, string> { ["pl"] = "Prosimy zabrać książeczkę szczepień.", ["en"] = "Please bring the vaccination booklet." }),
                new VisitType("dental-30", "Dental check", 30, ["room", "vet"], "dental"),
                new VisitType("lab-15", "Blood test", 15, ["room", "vet"], "lab",
                    new Dictionary<string, string> { ["pl"] = "Prosimy nie karmić zwierzęcia 8 godzin przed wizytą.", ["en"] = "Please do not feed your pet for 8 hours before." }),
            ],
            [
                new ScheduleResource("room-1", "Exam room 1", "room", DemoClinic.WeekdayHours(new TimeOnly(8, 0), new TimeOnly(19, 0))),
                new ScheduleResource("room-2", "Exam room 2", "room", DemoClinic.WeekdayHours(new TimeOnly(8, 0), new TimeOnly(19, 0))),
                new ScheduleResource("dr-nowak", "Dr Nowak (vet)", "vet", DemoClinic.WeekdayHours(new TimeOnly(8, 0), new TimeOnly(15, 0)), DemoClinic.WeekdayHours(new TimeOnly(12, 0), new TimeOnly(12, 30))),
                new ScheduleResource("dr-lis", "Dr Lis (vet)", "vet", DemoClinic.WeekdayHours(new TimeOnly(12, 0), new TimeOnly(19, 0)), DemoClinic.WeekdayHours(new TimeOnly(15, 0), new TimeOnly(15, 30))),
            ]));

        await Parallel.ForEachAsync(Pets(today), async (pet, _) =>
            await grains.GetGrain<IPatientGrain>($"{Id}/{pet.Id}").ImportAsync(pet.Data, pet.Visits, PatientFields.All));
    }

    /// <summary>
    /// The owners and their pets, drawn in order from one seed (so every run makes the same clinic),
    /// before any is imported. Vaccinations 200 to 450 days ago (due from four months ago to eight
    /// months ahead), dental checks 150 to 450 days ago, blood tests for pets over seven 60 to 210 days ago.
    /// </summary>
    private static List<(string Id, PatientData Data, VisitInput[] Visits)> Pets(DateOnly today)
    {
        var random = new Random(20261123);
        var pets = new List<(string, PatientData, VisitInput[])>();
        for (var o = 1; o <= Owners; o++)
        {
            var first = DemoClinic.FirstNames[random.Next(DemoClinic.FirstNames.Length)];
            var last = DemoClinic.LastNames[random.Next(DemoClinic.LastNames.Length)];
            var owner = new ResponsibleParty($"owner-{o:D2}", $"{first} {last}", $"+4869{o:D7}", $"owner{o}@example.com", "owner");
            var language = random.Next(4) == 0 ? "en" : "pl";
            var channel = random.Next(4) == 0 ? ContactChannel.Email : ContactChannel.Sms;
            var names = new HashSet<string>(StringComparer.Ordinal);
            var count = random.Next(10) switch { < 3 => 1, < 8 => 2, _ => 3 };
            for (var k = 0; k < count; k++)
            {
                var (species, speciesNames) = Species[random.Next(Species.Length)];
                string name;
                do
                {
                    name = speciesNames[random.Next(speciesNames.Length)];
                }
                while (!names.Add(name));

                var born = today.AddYears(-1 - random.Next(14)).AddDays(-random.Next(365));
                var visits = new List<VisitInput> { new(today.AddDays(-30 - random.Next(360)), ["VACC"]) };
                if (species != "rabbit" && random.Next(3) != 0)
                {
                    visits.Add(new(today.AddDays(-30 - random.Next(350)), ["DENT"]));
                }

                if (born < today.AddYears(-7))
                {
                    visits.Add(new(today.AddDays(-20 - random.Next(175)), ["LAB"]));
                }

                var n = pets.Count + 1;
                if (OperatedPets.Contains(n))
                {
                    visits.Add(new(today.AddDays(-3), ["SURG"]));
                }

                pets.Add(($"pet{n:D3}", new PatientData(name, last, born, PreferredChannel: channel, Language: language, ResponsibleParty: owner), [.. visits]));
            }
        }

        return pets;
    }
}
