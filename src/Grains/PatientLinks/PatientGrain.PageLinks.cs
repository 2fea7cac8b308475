using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;
using Recall.Grains.Phones;
using Recall.Grains.Scheduling;
using Recall.Grains.Templates;

namespace Recall.Grains.Patients;

/// <summary>
/// What patients do from their own pages besides booking: an expired link's "text me a new one" (a fresh
/// link of the same purpose, by SMS, to the number on file only) and opting out as easily as they opted in.
/// </summary>
public sealed partial class PatientGrain
{
    public async Task<PatientAppointment> PreRegisterAsync(string appointmentId, PreRegistrationAnswers answers)
    {
        EnsureExists();
        var now = Time.GetUtcNow();
        var index = State.Appointments.FindIndex(a => a.Id == appointmentId && a.Status == AppointmentStatus.Booked && a.Start > now);
        if (index < 0)
        {
            throw new GrainNotFoundException($"The patient has no booked visit '{appointmentId}' ahead.");
        }

        var context = await LoadRecallContextAsync();
        var asks = (await GrainFactory.GetGrain<IClinicGrain>(ClinicId).GetAsync())?.Settings.PreRegistration ?? PreRegistrationSettings.Default;
        var errors = new ValidationErrors();
        var phone = asks.AskContact ? PatientValidation.CheckPhone(Trimmed(answers.Phone), context.Country, "phone", errors) : null;
        var email = asks.AskContact ? Trimmed(answers.Email) : null;
        if (email is not null && !PatientValidation.IsEmail(email))
        {
            errors.Add("email", $"'{email}' is not an email address.");
        }

        CheckLength(asks.AskInsurance ? answers.Insurer : null, 100, "insurer", errors);
        CheckLength(asks.AskInsurance ? answers.InsuranceNumber : null, 60, "insuranceNumber", errors);
        CheckLength(asks.AskReason ? answers.Reason : null, 500, "reason", errors);
        if (asks.ConsentText is not null && !answers.Consent)
        {
            errors.Add("consent", "Please tick the consent to go on.");
        }

        errors.ThrowIfAny();
        if (asks.AskContact && (phone is not null || email is not null))
        {
            // Checked by the patient: what they wrote replaces what was on file (a blank keeps it).
            var profile = State.Profile!;
            SetProfile(profile with { Phone = phone ?? profile.Phone, Email = email ?? profile.Email }, context);
        }

        var appointment = State.Appointments[index] with
        {
            PreRegistration = new PreRegistration(now, asks.AskInsurance ? Trimmed(answers.Insurer) : null, asks.AskInsurance ? Trimmed(answers.InsuranceNumber) : null,
                asks.AskReason ? Trimmed(answers.Reason) : null, asks.ConsentText is not null && answers.Consent),
        };
        State.Appointments[index] = appointment;
        State.UpdatedAt = now;
        return appointment;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void CheckLength(string? text, int max, string field, ValidationErrors errors)
    {
        if (text?.Trim().Length > max)
        {
            errors.Add(field, $"At most {max} characters.");
        }
    }

    public async Task OptOutAsync(OptOutChoice choice, string source)
    {
        EnsureExists();
        var now = Time.GetUtcNow();
        if (choice is OptOutChoice.Sms or OptOutChoice.Everything && NoticeRecipientPhone() is { } phone)
        {
            await GrainFactory.GetGrain<IPhoneGrain>($"{ClinicId}/{phone}").OptOutAsync(source); // As a STOP reply: the number's, for every patient on it.
        }

        if (choice is OptOutChoice.Email or OptOutChoice.Everything)
        {
            State.EmailOptedOutAt ??= now;
        }

        if (choice == OptOutChoice.Everything && State.Profile!.PreferredChannel != ContactChannel.None)
        {
            State.Profile = State.Profile with { PreferredChannel = ContactChannel.None };
        }

        State.UpdatedAt = now;
    }

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
