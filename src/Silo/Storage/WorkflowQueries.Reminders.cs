using Recall.Grains.Patients;
using Recall.Grains.Reminders;
using Recall.Grains.Staff;

namespace Recall.Silo.Storage;

/// <summary>The send queue and the reminders list, one SQL text for both dialects.</summary>
public abstract partial class WorkflowQueries
{
    public async Task<SendQueuePage> ListSendsAsync(string clinicId, SendQueueFilter filter, CancellationToken cancellationToken)
    {
        var where = "s.clinic_id = @clinic"
            + (filter.State is null ? " AND s.state IN ('Scheduled', 'Held')" : " AND s.state = @state")
            + (filter.Purpose is null ? "" : " AND s.purpose = @purpose")
            + (filter.Channel is null ? "" : " AND s.channel = @channel")
            + (filter.From is null ? "" : " AND s.at >= @from")
            + (filter.Until is null ? "" : " AND s.at < @until")
            + (filter.PatientId is null ? "" : " AND s.patient_id = @patient");
        List<(string, object?)> parameters =
        [
            ("clinic", clinicId), ("state", filter.State?.ToString()), ("purpose", filter.Purpose?.ToString()), ("channel", filter.Channel),
            ("from", filter.From?.ToUnixTimeMilliseconds()), ("until", filter.Until?.ToUnixTimeMilliseconds()), ("patient", filter.PatientId),
        ];
        var total = (await QueryAsync($"SELECT COUNT(*) FROM send_queue s WHERE {where}", parameters, r => Int(r, 0), cancellationToken))[0];

        // What is still to go reads soonest first; what went, most recent first.
        var order = filter.State is null or SendState.Scheduled or SendState.Held ? "s.at, s.patient_id, s.send_id" : "s.at DESC, s.patient_id, s.send_id";
        var items = await QueryAsync($"""
            SELECT s.send_id, s.patient_id, p.first_name, p.last_name, s.purpose, s.channel, s.at, s.state, s.recall_type, s.text, s.made_by, s.role, s.goes_at, s.detail
            FROM send_queue s JOIN patients p ON p.clinic_id = s.clinic_id AND p.patient_id = s.patient_id
            WHERE {where}
            ORDER BY {order}
            LIMIT @take OFFSET @skip
            """,
            [.. parameters, ("take", filter.PageSize), ("skip", (filter.Page - 1) * filter.PageSize)],
            r => new SendQueueItem(r.GetString(0), r.GetString(1), $"{r.GetString(2)} {r.GetString(3)}", Enum.Parse<SendPurpose>(r.GetString(4)), r.GetString(5),
                Instant(r, 6), Enum.Parse<SendState>(r.GetString(7)), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11) is { } role ? Enum.Parse<StaffRole>(role) : null,
                NullableInstant(r, 12), Text(r, 13)),
            cancellationToken);
        return new SendQueuePage(items, filter.Page, filter.PageSize, total);
    }

    public async Task<ReminderPage> ListRemindersAsync(string clinicId, ReminderFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        var where = "r.clinic_id = @clinic AND p.status = 'Active' AND r.status IN ('Due', 'Contacted', 'Scheduled', 'Overdue')"
            + (filter.RecallType is null ? "" : " AND r.recall_type = @type")
            + filter.Colour switch
            {
                DueColour.Red => " AND r.due_date <= @today",
                DueColour.Yellow => " AND r.due_date > @today AND r.due_date <= @yellowEnd",
                DueColour.Black => " AND r.due_date > @yellowEnd",
                _ => "",
            }
            + (filter.DueFrom is null ? "" : " AND r.due_date >= @dueFrom")
            + (filter.DueTo is null ? "" : " AND r.due_date <= @dueTo")
            + (filter.ClientId is null ? "" : " AND COALESCE(p.responsible_party_id, p.patient_id) = @client");
        List<(string, object?)> parameters =
        [
            ("clinic", clinicId), ("type", filter.RecallType), ("today", today), ("yellowEnd", today.AddDays(DueColours.YellowDays)),
            ("dueFrom", filter.DueFrom), ("dueTo", filter.DueTo), ("client", filter.ClientId),
        ];
        const string From = "FROM recall_cycles r JOIN patients p ON p.clinic_id = r.clinic_id AND p.patient_id = r.patient_id";
        var total = (await QueryAsync($"SELECT COUNT(*) {From} WHERE {where}", parameters, r => Int(r, 0), cancellationToken))[0];

        // A client's patients stay together: clients by their earliest due date, then each client's reminders by due date.
        var items = await QueryAsync($"""
            SELECT COALESCE(p.responsible_party_id, p.patient_id), p.responsible_party_name, p.patient_id, p.first_name, p.last_name,
                r.recall_type, r.due_date, r.status, r.last_visit,
                MIN(r.due_date) OVER (PARTITION BY COALESCE(p.responsible_party_id, p.patient_id)) AS client_due
            {From}
            WHERE {where}
            ORDER BY client_due, COALESCE(p.responsible_party_id, p.patient_id), r.due_date, p.patient_id, r.recall_type
            LIMIT @take OFFSET @skip
            """,
            [.. parameters, ("take", filter.PageSize), ("skip", (filter.Page - 1) * filter.PageSize)],
            r =>
            {
                var patientName = $"{r.GetString(3)} {r.GetString(4)}";
                var due = ReadDate(r, 6);
                return new ReminderListItem(r.GetString(0), Text(r, 1) ?? patientName, r.GetString(2), patientName, r.GetString(5), due,
                    Enum.Parse<RecallStatus>(r.GetString(7)), DueColours.Of(due, today), due.DayNumber - today.DayNumber, r.IsDBNull(8) ? null : ReadDate(r, 8));
            },
            cancellationToken);
        return new ReminderPage(items, filter.Page, filter.PageSize, total);
    }
}
