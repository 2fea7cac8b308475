using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Recall.Grains.Patients;
using AppointmentStatus = Recall.Grains.Scheduling.AppointmentStatus;
using Task = System.Threading.Tasks.Task;

namespace Recall.Api.Privacy;

/// <summary>
/// A patient's data as a FHIR R4 Bundle (type collection), for a data-protection request in a form
/// another clinic's system reads: the Patient, each Appointment, and a Communication for each message
/// sent or received (with its text, from the outbox). Written with Firely's Hl7.Fhir.R4 model.
/// </summary>
public static class FhirExport
{
    /// <summary>The identifier system of a patient id at a clinic.</summary>
    public static string IdentifierSystem(string clinicId) => $"urn:recall:{clinicId}:patient";

    public static string ToJson(string clinicId, PatientRecord record, IReadOnlyList<PatientMessage> messages, DateTimeOffset now)
    {
        var patient = Patient(clinicId, record);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = now, Id = Guid.NewGuid().ToString() };
        bundle.Entry.Add(Entry(patient));
        foreach (var appointment in record.Appointments)
        {
            bundle.Entry.Add(Entry(Appointment(appointment, patient)));
        }

        foreach (var message in messages.Where(m => m.Status is "sent" or "uncertain"))
        {
            bundle.Entry.Add(Entry(Sent(message, patient)));
        }

        foreach (var received in record.Communication.Where(c => c.Direction == "in"))
        {
            bundle.Entry.Add(Entry(Received(received, patient)));
        }

        return bundle.ToJson(pretty: true);
    }

    private static Patient Patient(string clinicId, PatientRecord record)
    {
        var profile = record.Profile;
        var patient = new Patient
        {
            Id = Guid.NewGuid().ToString(),
            Identifier = [new Identifier(IdentifierSystem(clinicId), record.Id)],
            Name = [new HumanName { Family = profile.LastName, Given = [profile.FirstName] }],
            BirthDate = profile.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Active = profile.Status == PatientStatus.Active,
            Deceased = profile.Status == PatientStatus.Deceased ? new FhirBoolean(true) : null,
        };
        if (profile.Phone is { } phone)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, phone));
        }

        if (profile.Email is { } email)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email));
        }

        if (profile.Language is { } language)
        {
            patient.Communication.Add(new Patient.CommunicationComponent { Language = new CodeableConcept("urn:ietf:bcp:47", language), Preferred = true });
        }

        if (profile.ResponsibleParty is { } party)
        {
            var contact = new Patient.ContactComponent { Name = new HumanName { Text = party.Name } };
            if (party.Phone is not null)
            {
                contact.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, party.Phone));
            }

            if (party.Email is not null)
            {
                contact.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, party.Email));
            }

            patient.Contact.Add(contact);
        }

        return patient;
    }

    private static Appointment Appointment(PatientAppointment appointment, Patient patient) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Identifier = [new Identifier("urn:recall:appointment", appointment.Id)],
        Status = appointment.Status switch
        {
            AppointmentStatus.Booked => Hl7.Fhir.Model.Appointment.AppointmentStatus.Booked,
            AppointmentStatus.Cancelled => Hl7.Fhir.Model.Appointment.AppointmentStatus.Cancelled,
            AppointmentStatus.Completed => Hl7.Fhir.Model.Appointment.AppointmentStatus.Fulfilled,
            _ => Hl7.Fhir.Model.Appointment.AppointmentStatus.Noshow,
        },
        ServiceType = [new CodeableConcept { Text = appointment.VisitTypeName }],
        Start = appointment.Start,
        End = appointment.End,
        Created = appointment.BookedAt.ToString("o", CultureInfo.InvariantCulture),
        Participant =
        [
            new Hl7.Fhir.Model.Appointment.ParticipantComponent
            {
                Actor = Reference(patient),
                Status = ParticipationStatus.Accepted,
            },
        ],
    };

    private static Communication Sent(PatientMessage message, Patient patient) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Identifier = [new Identifier("urn:recall:outbox", message.OutboxId.ToString(CultureInfo.InvariantCulture))],
        Status = EventStatus.Completed,
        Medium = [Medium(message.Channel)],
        Subject = Reference(patient),
        Recipient = [Reference(patient)],
        Sent = (message.CompletedAt ?? message.CreatedAt).ToString("o", CultureInfo.InvariantCulture),
        Payload = [new Communication.PayloadComponent { Content = new FhirString(message.Subject is null ? message.Body : $"{message.Subject}\n\n{message.Body}") }],
    };

    private static Communication Received(CommunicationEntry received, Patient patient) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Status = EventStatus.Completed,
        Medium = [Medium(received.Channel)],
        Subject = Reference(patient),
        Sender = Reference(patient),
        Received = received.At.ToString("o", CultureInfo.InvariantCulture),
        Payload = [new Communication.PayloadComponent { Content = new FhirString(received.Text ?? "") }],
    };

    /// <summary>HL7 v3 ParticipationMode: SMSWRIT (SMS), EMAILWRIT (email), PHONE (a call).</summary>
    private static CodeableConcept Medium(string channel) => channel switch
    {
        "sms" => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "SMSWRIT", "SMS"),
        "email" => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "EMAILWRIT", "email"),
        _ => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "PHONE", "telephone"),
    };

    private static ResourceReference Reference(Patient patient) => new($"urn:uuid:{patient.Id}");

    private static Bundle.EntryComponent Entry(Resource resource) => new() { FullUrl = $"urn:uuid:{resource.Id}", Resource = resource };
}
