using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Reminders;
using Recall.Grains.Scheduling;
using Recall.Grains.Staff;

namespace Recall.Silo.Tests.Reminders;

/// <summary>
/// A small animal clinic in Warsaw: a yearly vaccination whose client hears of it four weeks and a
/// week before (by SMS, then SMS and email), on the day and two weeks after; and a surgery follow-up
/// for the front desk two days after surgery. One vet, one room, on weekdays.
/// </summary>
internal static class VetClinic
{
    public const string Id = "paws";

    public static readonly RecallRule Vaccination = new("vaccination", "Vaccination", ["VACC"], IntervalMonths: 12,
        Schedule: [new(-28, ["sms"]), new(-7, ["sms", "email"]), new(0, ["sms"]), new(14, ["sms"])]);

    public static readonly RecallRule SurgeryCall = new("surgery-call", "Surgery follow-up call", ["SURG"], IntervalMonths: 0, IntervalDays: 2,
        StaffTask: new StaffFollowUp(StaffRole.FrontDesk, "Call the owner: how is the patient after surgery?"));

    public static readonly VisitType VaccinationVisit = new("vacc-20", "Vaccination", 20, ["room"], "vaccination");

    public static async Task CreateAsync(TestSilo silo)
    {
        await silo.Grains.GetGrain<IClinicGrain>(Id).CreateAsync(new ClinicSettings("Paws Vet", "Europe/Warsaw", ["en", "pl"], []), [Vaccination, SurgeryCall]);
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        await silo.Grains.GetGrain<IScheduleGrain>(Id).ConfigureAsync(new ScheduleSetup(
            [VaccinationVisit],
            [new ScheduleResource("room-1", "Room 1", "room", [.. weekdays.Select(d => new WeeklyHours(d, new TimeOnly(8, 0), new TimeOnly(16, 0)))])]));
    }

    /// <summary>An animal whose last vaccination was <paramref name="vaccinated"/>, with an owner (a client) when one is given.</summary>
    public static async Task<IPatientGrain> PetAsync(TestSilo silo, string id, string name, DateOnly vaccinated, ResponsibleParty? owner = null)
    {
        var pet = silo.Grains.GetGrain<IPatientGrain>($"{Id}/{id}");
        var data = owner is null
            ? new PatientData(name, "Kowalski", Phone: "+48601000001", Email: "jan@example.com", Language: "en")
            : new PatientData(name, owner.Name.Split(' ')[^1], Language: "en", ResponsibleParty: owner);
        await pet.ImportAsync(data, [new VisitInput(vaccinated, ["VACC"])], PatientFields.All);
        return pet;
    }
}
