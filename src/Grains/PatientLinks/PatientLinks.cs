namespace Recall.Grains.PatientLinks;

/// <summary>
/// The patient pages' addresses: <c>{PublicBaseUrl}/p/{token}</c>, signed by <see cref="PatientLinkSigner"/>,
/// each purpose with its own lifetime. Messages get their links from here when they are composed.
/// </summary>
public sealed class PatientLinks(PatientLinkSigner signer, Uri publicBaseUrl)
{
    /// <summary>A booking link lives as long as a recall's reminders usually run.</summary>
    public static readonly TimeSpan BookingLifetime = TimeSpan.FromDays(30);

    /// <summary>An opt-out link keeps working for a long while: stopping must stay as easy as starting.</summary>
    public static readonly TimeSpan OptOutLifetime = TimeSpan.FromDays(365);

    public PatientLinkSigner Signer => signer;

    public string Url(PatientLink link) => new Uri(publicBaseUrl, $"p/{signer.Sign(link)}").ToString();

    public string BookingUrl(string clinicId, string patientId, DateTimeOffset now) =>
        Url(new PatientLink(clinicId, patientId, LinkPurpose.Book, now + BookingLifetime));

    /// <summary>Good until the day after the visit: after that there is nothing left to confirm or move.</summary>
    public string AppointmentUrl(string clinicId, string patientId, string appointmentId, DateTimeOffset start) =>
        Url(new PatientLink(clinicId, patientId, LinkPurpose.Appointment, start.AddDays(1), appointmentId));

    public string MessagesUrl(string clinicId, string patientId, DateTimeOffset now) =>
        Url(new PatientLink(clinicId, patientId, LinkPurpose.Messages, now + BookingLifetime));

    /// <summary>Good until the visit begins.</summary>
    public string PreRegistrationUrl(string clinicId, string patientId, string appointmentId, DateTimeOffset start) =>
        Url(new PatientLink(clinicId, patientId, LinkPurpose.PreRegistration, start, appointmentId));

    public string OptOutUrl(string clinicId, string patientId, DateTimeOffset now) =>
        Url(new PatientLink(clinicId, patientId, LinkPurpose.OptOut, now + OptOutLifetime));
}
