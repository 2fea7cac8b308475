using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Phones;
using Recall.Grains.Reminders;
using Recall.Grains.Tasks;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>Writes the grains' query rows to their tables. A new row type needs a case here and a table in a migration.</summary>
internal static class SqliteQueryRowWriter
{
    public static void Upsert(SqliteWriter writer, QueryRow row)
    {
        var command = row switch
        {
            PatientRow p => writer.Command("""
                INSERT INTO patients (clinic_id, patient_id, first_name, last_name, phone, email, status, responsible_party_id, last_visit, hard_to_reach, awaiting_reply,
                    recall_required, insurance_valid_to, responsible_party_name)
                VALUES ($clinic, $patient, $first, $last, $phone, $email, $status, $party, $visit, $hard, $awaiting, $required, $insured, $partyName)
                ON CONFLICT (clinic_id, patient_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
                    phone = excluded.phone, email = excluded.email, status = excluded.status,
                    responsible_party_id = excluded.responsible_party_id, last_visit = excluded.last_visit, hard_to_reach = excluded.hard_to_reach,
                    awaiting_reply = excluded.awaiting_reply, recall_required = excluded.recall_required, insurance_valid_to = excluded.insurance_valid_to,
                    responsible_party_name = excluded.responsible_party_name
                """)
                .With("$required", p.RecallRequired).With("$insured", p.InsuranceValidTo).With("$partyName", p.ResponsiblePartyName)
                .With("$clinic", p.ClinicId).With("$patient", p.PatientId).With("$first", p.FirstName).With("$last", p.LastName)
                .With("$phone", p.Phone).With("$email", p.Email).With("$status", p.Status).With("$party", p.ResponsiblePartyId)
                .With("$visit", p.LastVisit).With("$hard", p.HardToReach).With("$awaiting", p.AwaitingReply),
            RecallCycleRow r => writer.Command("""
                INSERT INTO recall_cycles (clinic_id, patient_id, recall_type, due_date, status, last_visit)
                VALUES ($clinic, $patient, $type, $due, $status, $visit)
                ON CONFLICT (clinic_id, patient_id, recall_type) DO UPDATE SET due_date = excluded.due_date,
                    status = excluded.status, last_visit = excluded.last_visit
                """)
                .With("$clinic", r.ClinicId).With("$patient", r.PatientId).With("$type", r.RecallType).With("$due", r.DueDate)
                .With("$status", r.Status).With("$visit", r.LastVisit),
            CompletedCycleRow c => writer.Command("""
                INSERT INTO completed_cycles (clinic_id, patient_id, recall_type, due_date, completed_on)
                VALUES ($clinic, $patient, $type, $due, $done)
                ON CONFLICT (clinic_id, patient_id, recall_type, due_date) DO UPDATE SET completed_on = excluded.completed_on
                """)
                .With("$clinic", c.ClinicId).With("$patient", c.PatientId).With("$type", c.RecallType).With("$due", c.DueDate)
                .With("$done", c.CompletedOn),
            ClinicRow c => writer.Command("""
                INSERT INTO clinics (clinic_id, name, time_zone) VALUES ($clinic, $name, $zone)
                ON CONFLICT (clinic_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone
                """)
                .With("$clinic", c.ClinicId).With("$name", c.Name).With("$zone", c.TimeZone),
            ApiKeyRow k => writer.Command("""
                INSERT INTO api_keys (key_id, clinic_id, secret_hash, revoked) VALUES ($key, $clinic, $hash, $revoked)
                ON CONFLICT (key_id) DO UPDATE SET secret_hash = excluded.secret_hash, revoked = excluded.revoked
                """)
                .With("$key", k.KeyId).With("$clinic", k.ClinicId).With("$hash", k.SecretHash).With("$revoked", k.Revoked),
            ContactAttemptRow c => writer.Command("""
                INSERT INTO contact_attempts (clinic_id, patient_id, row_key, at, channel, message_key, outcome, delivery)
                VALUES ($clinic, $patient, $row, $at, $channel, $message, $outcome, $delivery)
                ON CONFLICT (clinic_id, patient_id, row_key) DO UPDATE SET outcome = excluded.outcome, delivery = excluded.delivery
                """)
                .With("$clinic", c.ClinicId).With("$patient", c.PatientId).With("$row", c.RowKey).With("$at", c.At).With("$channel", c.Channel)
                .With("$message", c.MessageKey).With("$outcome", c.Outcome).With("$delivery", (int?)c.Delivery),
            SmsOptOutRow o => writer.Command("""
                INSERT INTO sms_opt_outs (clinic_id, phone, since) VALUES ($clinic, $phone, $since)
                ON CONFLICT (clinic_id, phone) DO UPDATE SET since = excluded.since
                """)
                .With("$clinic", o.ClinicId).With("$phone", o.Phone).With("$since", o.Since),
            TaskRow t => writer.Command(WorkflowRowSql.UpsertTask)
                .With("@clinic", t.ClinicId).With("@patient", t.PatientId).With("@task", t.TaskId).With("@step", t.Step).With("@role", t.Role)
                .With("@priority", (int)t.Priority).With("@status", t.Status).With("@reason", t.Reason).With("@created", t.CreatedAt).With("@due", t.DueAt)
                .With("@snoozed", t.SnoozedUntil).With("@claimed", t.ClaimedBy).With("@outcome", t.Outcome).With("@closed", t.ClosedAt).With("@recall", t.RecallType),
            AppointmentRow a => writer.Command(WorkflowRowSql.UpsertAppointment)
                .With("@clinic", a.ClinicId).With("@patient", a.PatientId).With("@id", a.AppointmentId).With("@type", a.VisitTypeId).With("@name", a.VisitTypeName)
                .With("@recall", a.RecallType).With("@start", a.Start).With("@end", a.End).With("@status", a.Status).With("@booked", a.BookedAt),
            SendQueueRow s => writer.Command(WorkflowRowSql.UpsertSend)
                .With("@clinic", s.ClinicId).With("@patient", s.PatientId).With("@send", s.SendId).With("@purpose", s.Purpose).With("@channel", s.Channel)
                .With("@at", s.At).With("@state", s.State).With("@recall", s.RecallType).With("@text", s.Text).With("@by", s.By).With("@role", s.Role)
                .With("@goes", s.GoesAt).With("@detail", s.Detail),
            _ => throw new NotSupportedException($"No table for query rows of type {row.GetType().Name}."),
        };
        command.ExecuteNonQuery();
    }

    public static void Delete(SqliteWriter writer, QueryRow row)
    {
        var command = row switch
        {
            PatientRow p => writer.Command("DELETE FROM patients WHERE clinic_id = $clinic AND patient_id = $patient")
                .With("$clinic", p.ClinicId).With("$patient", p.PatientId),
            RecallCycleRow r => writer.Command("DELETE FROM recall_cycles WHERE clinic_id = $clinic AND patient_id = $patient AND recall_type = $type")
                .With("$clinic", r.ClinicId).With("$patient", r.PatientId).With("$type", r.RecallType),
            CompletedCycleRow c => writer.Command("DELETE FROM completed_cycles WHERE clinic_id = $clinic AND patient_id = $patient AND recall_type = $type AND due_date = $due")
                .With("$clinic", c.ClinicId).With("$patient", c.PatientId).With("$type", c.RecallType).With("$due", c.DueDate),
            ClinicRow c => writer.Command("DELETE FROM clinics WHERE clinic_id = $clinic").With("$clinic", c.ClinicId),
            ApiKeyRow k => writer.Command("DELETE FROM api_keys WHERE key_id = $key").With("$key", k.KeyId),
            ContactAttemptRow c => writer.Command("DELETE FROM contact_attempts WHERE clinic_id = $clinic AND patient_id = $patient AND row_key = $row")
                .With("$clinic", c.ClinicId).With("$patient", c.PatientId).With("$row", c.RowKey),
            SmsOptOutRow o => writer.Command("DELETE FROM sms_opt_outs WHERE clinic_id = $clinic AND phone = $phone")
                .With("$clinic", o.ClinicId).With("$phone", o.Phone),
            TaskRow t => writer.Command(WorkflowRowSql.DeleteTask)
                .With("@clinic", t.ClinicId).With("@patient", t.PatientId).With("@task", t.TaskId),
            AppointmentRow a => writer.Command(WorkflowRowSql.DeleteAppointment)
                .With("@clinic", a.ClinicId).With("@patient", a.PatientId).With("@id", a.AppointmentId),
            SendQueueRow s => writer.Command(WorkflowRowSql.DeleteSend).With("@clinic", s.ClinicId).With("@patient", s.PatientId).With("@send", s.SendId),
            _ => throw new NotSupportedException($"No table for query rows of type {row.GetType().Name}."),
        };
        command.ExecuteNonQuery();
    }
}
