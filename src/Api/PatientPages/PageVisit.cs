using Recall.Grains;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;

namespace Recall.Api.PatientPages;

/// <summary>One request of a valid link: whose page it is, at which clinic, and times as the clinic tells them.</summary>
internal sealed record PageVisit(
    string Token, PatientLink Link, ClinicView Clinic, IPatientGrain Patient, PatientView View, IGrainFactory Grains, PatientLinks Links,
    PatientPageMetrics Metrics, DateTimeOffset Now)
{
    private TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(Clinic.Settings.TimeZone);

    public string Path => $"/p/{Token}";

    public string DateText(DateTimeOffset at, PatientPage page) => Local(at).ToString("dddd, d MMMM yyyy", page.Culture);

    public string TimeText(DateTimeOffset at, PatientPage page) => Local(at).ToString("HH:mm", page.Culture);

    public string SlotText(DateTimeOffset at, PatientPage page) => Local(at).ToString("ddd d MMM, HH:mm", page.Culture);

    /// <summary>The appointment's own page, on this host (the address in messages is the public one).</summary>
    public string AppointmentUrl(PatientAppointment appointment) =>
        new Uri(Links.AppointmentUrl(Link.ClinicId, Link.PatientId, appointment.Id, appointment.Start)).PathAndQuery;

    /// <summary>
    /// A few choices over several days rather than one morning's quarter hours: per day at the clinic,
    /// the first free time and the first one at least three hours later.
    /// </summary>
    public IEnumerable<Slot> Spread(IEnumerable<Slot> slots, int count) => slots
        .GroupBy(slot => Local(slot.Start).Date)
        .SelectMany(day => day.Take(1).Concat(day.Where(slot => slot.Start >= day.First().Start.AddHours(3)).Take(1)))
        .Take(count);

    private DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;
}
