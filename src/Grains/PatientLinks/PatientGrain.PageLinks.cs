using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;
using Recall.Grains.Scheduling;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>An expired link's "text me a new one": a fresh link of the same purpose, by SMS, to the number on file only.</summary>
public sealed partial class PatientGrain
{
    private static readonly TimeSpan PageLinkPause = TimeSpan.FromMinutes(10);

    public async Task SendPageLinkAsync(LinkPurpose purpose, string? subject)
    {
        var now = Time.GetUtcNow();
        // Whoever presses the button learns nothing either way; a stranger pressing it again and again sends one text in ten minutes.
        if (!State.Exists || State.Profile!.Status != PatientStatus.Active || State.PageLinkSentAt > now - PageLinkPause)
        {
            return;
        }

        var phone = NoticeRecipientPhone();
        if (!await CanTextAsync(phone))
        {
            return;
        }

        var url = purpose switch
        {
            LinkPurpose.Book => Links.BookingUrl(ClinicId, PatientId, now),
            LinkPurpose.OptOut => Links.OptOutUrl(ClinicId, PatientId, now),
            _ => State.Appointments.FirstOrDefault(a => a.Id == subject && a.Status == AppointmentStatus.Booked && a.Start > now) is { } appointment
                ? Links.AppointmentUrl(ClinicId, PatientId, appointment.Id, appointment.Start)
                : null,
        };
        if (url is null)
        {
            return; // The appointment is over or cancelled: nothing left to link to.
        }

        var context = await LoadRecallContextAsync();
        var values = MessageValues(context, null);
        values["pageLink"] = url;
        var (body, _) = context.Message(TemplatePurpose.PageLink, State.Profile.Language, values);
        // Asked for just now by the patient: it goes at once, not in the next sending window.
        Send(new OutboxMessage("sms", $"page-link:{now.ToUnixTimeMilliseconds()}", phone!, body, Sender: context.SmsSender));
        State.PageLinkSentAt = now;
        State.UpdatedAt = now;
    }
}
