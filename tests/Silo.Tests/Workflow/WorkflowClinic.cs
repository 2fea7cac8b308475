using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;

namespace Recall.Silo.Tests.Workflow;

/// <summary>A clinic set up for the recall workflow: Warsaw, a hygiene rule, one chair and one hygienist on weekdays, a manager who gets the reports.</summary>
internal static class WorkflowClinic
{
    public const string Id = "smile";

    public static readonly VisitType Hygiene = new("hygiene-60", "Hygiene visit", 60, ["chair", "hygienist"], "hygiene",
        new Dictionary<string, string> { ["pl"] = "Prosimy nie jeść 2 godziny przed wizytą.", ["en"] = "Please do not eat for two hours before." });

    public static async Task<IClinicGrain> CreateAsync(TestSilo silo, string? managerEmail = "manager@smile.example")
    {
        var clinic = silo.Grains.GetGrain<IClinicGrain>(Id);
        await clinic.CreateAsync(
            new ClinicSettings("Smile Dental", "Europe/Warsaw", ["pl", "en"], [], Workflow: new RecallWorkflow(ManagerEmail: managerEmail)),
            [new RecallRule("hygiene", "Hygiene recall", ["D1110"], IntervalMonths: 6, ExtraDays: 1)]);
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        await silo.Grains.GetGrain<IScheduleGrain>(Id).ConfigureAsync(new ScheduleSetup(
            [Hygiene],
            [
                new ScheduleResource("chair-1", "Chair 1", "chair", [.. weekdays.Select(d => new WeeklyHours(d, new TimeOnly(8, 0), new TimeOnly(16, 0)))]),
                new ScheduleResource("hyg-1", "Ewa (hygienist)", "hygienist", [.. weekdays.Select(d => new WeeklyHours(d, new TimeOnly(8, 0), new TimeOnly(16, 0)))],
                    [.. weekdays.Select(d => new WeeklyHours(d, new TimeOnly(12, 0), new TimeOnly(12, 30)))]),
            ]));
        return clinic;
    }

    /// <summary>A patient whose last hygiene visit was <paramref name="lastVisit"/> (due 6 months and a day later).</summary>
    public static async Task<IPatientGrain> PatientAsync(TestSilo silo, string id, DateOnly lastVisit, string? phone = "+48601000001", string? email = "anna@example.com")
    {
        var patient = silo.Grains.GetGrain<IPatientGrain>($"{Id}/{id}");
        await patient.ImportAsync(new PatientData("Anna", "Nowak", Phone: phone, Email: email, Language: "pl"), [new VisitInput(lastVisit, ["D1110"])], PatientFields.All);
        return patient;
    }
}
