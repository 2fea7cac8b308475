namespace Recall.Silo.Storage;

/// <summary>The workflow's query-row statements, one text for both dialects (parameters are @named in each).</summary>
internal static class WorkflowRowSql
{
    public const string UpsertTask = """
        INSERT INTO tasks (clinic_id, patient_id, task_id, step, role, priority, status, reason, created_at, due_at, snoozed_until, claimed_by, outcome, closed_at, recall_type)
        VALUES (@clinic, @patient, @task, @step, @role, @priority, @status, @reason, @created, @due, @snoozed, @claimed, @outcome, @closed, @recall)
        ON CONFLICT (clinic_id, patient_id, task_id) DO UPDATE SET priority = excluded.priority, status = excluded.status, reason = excluded.reason,
            due_at = excluded.due_at, snoozed_until = excluded.snoozed_until, claimed_by = excluded.claimed_by, outcome = excluded.outcome, closed_at = excluded.closed_at
        """;

    public const string DeleteTask = "DELETE FROM tasks WHERE clinic_id = @clinic AND patient_id = @patient AND task_id = @task";

    public const string UpsertAppointment = """
        INSERT INTO appointments (clinic_id, patient_id, appointment_id, visit_type_id, visit_type_name, recall_type, start_at, end_at, status, booked_at)
        VALUES (@clinic, @patient, @id, @type, @name, @recall, @start, @end, @status, @booked)
        ON CONFLICT (clinic_id, patient_id, appointment_id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at, status = excluded.status
        """;

    public const string DeleteAppointment = "DELETE FROM appointments WHERE clinic_id = @clinic AND patient_id = @patient AND appointment_id = @id";

    public const string UpsertSend = """
        INSERT INTO send_queue (clinic_id, patient_id, send_id, purpose, channel, at, state, recall_type, text, made_by, role, goes_at, detail)
        VALUES (@clinic, @patient, @send, @purpose, @channel, @at, @state, @recall, @text, @by, @role, @goes, @detail)
        ON CONFLICT (clinic_id, patient_id, send_id) DO UPDATE SET channel = excluded.channel, at = excluded.at, state = excluded.state,
            text = excluded.text, goes_at = excluded.goes_at, detail = excluded.detail
        """;

    public const string DeleteSend = "DELETE FROM send_queue WHERE clinic_id = @clinic AND patient_id = @patient AND send_id = @send";
}
