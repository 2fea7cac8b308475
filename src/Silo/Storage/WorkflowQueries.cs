using System.Data.Common;
using System.Globalization;
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Recall.Grains.Reports;
using Recall.Grains.Scheduling;
using Recall.Grains.Staff;
using Recall.Grains.Tasks;

namespace Recall.Silo.Storage;

/// <summary>
/// The worklist and report reads, one SQL text for both dialects so SQLite and PostgreSQL cannot
/// drift apart. Instants are Unix milliseconds in both; dates are read through the dialect.
/// Each dialect's queries derive from this and supply the two abstract members.
/// </summary>
public abstract partial class WorkflowQueries
{
    /// <summary>Runs one read query: parameters by name (no prefix; only those the text names are bound), rows mapped by the caller.</summary>
    protected abstract Task<List<T>> QueryAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken);

    /// <summary>Reads a date column the way the dialect stores it.</summary>
    protected abstract DateOnly ReadDate(DbDataReader reader, int ordinal);

    private const string OpenStatuses = "('Open', 'Claimed')";

    /// <summary>
    /// A recall contact attempt: a recall message (due, overdue, no-response, education) or a staff
    /// call. Appointment notices, slot offers and conversation replies are messages, not recall outreach.
    /// </summary>
    private const string RecallOutreach = "(message_key LIKE 'recall-%' OR message_key LIKE 'call:%')";

    public async Task<IReadOnlyList<ContactCount>> CountContactsAsync(
        string clinicId, DateTimeOffset since, DateTimeOffset until, bool recallOutreachOnly, CancellationToken cancellationToken) =>
        await QueryAsync($"""
            SELECT channel, outcome, COUNT(*), SUM(CASE WHEN delivery = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN delivery IN (4, 5) THEN 1 ELSE 0 END) FROM contact_attempts
            WHERE clinic_id = @clinic AND at >= @from AND at < @to {(recallOutreachOnly ? "AND " + RecallOutreach : "")}
            GROUP BY channel, outcome ORDER BY channel, outcome
            """,
            [("clinic", clinicId), ("from", since.ToUnixTimeMilliseconds()), ("to", until.ToUnixTimeMilliseconds())],
            r => new ContactCount(r.GetString(0), Enum.Parse<Grains.Hosting.OutboxOutcome>(r.GetString(1)), Int(r, 2), Int(r, 3), Int(r, 4)),
            cancellationToken);

    // COUNT and SUM are 64-bit in PostgreSQL and whatever fits in SQLite.
    internal static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public async Task<TaskPage> ListTasksAsync(string clinicId, TaskFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var where = "t.clinic_id = @clinic"
            + (filter.Role is null ? "" : " AND t.role = @role")
            + (filter.Status is null ? $" AND t.status IN {OpenStatuses}" : " AND t.status = @status")
            + (filter.PatientId is null ? "" : " AND t.patient_id = @patient")
            + (filter.IncludeSnoozed ? "" : " AND (t.snoozed_until IS NULL OR t.snoozed_until <= @now)");
        List<(string, object?)> parameters =
        [
            ("clinic", clinicId), ("role", filter.Role?.ToString()), ("status", filter.Status?.ToString()), ("patient", filter.PatientId), ("now", now.ToUnixTimeMilliseconds()),
        ];
        var total = (await QueryAsync($"SELECT COUNT(*) FROM tasks t WHERE {where}", parameters, r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken))[0];
        var items = await QueryAsync($"""
            SELECT t.task_id, t.patient_id, p.first_name, p.last_name, t.step, t.role, t.priority, t.status, t.reason, t.created_at, t.due_at, t.snoozed_until,
                t.claimed_by, t.outcome, t.closed_at, t.recall_type
            FROM tasks t JOIN patients p ON p.clinic_id = t.clinic_id AND p.patient_id = t.patient_id
            WHERE {where}
            ORDER BY t.priority, t.due_at, t.patient_id, t.task_id
            LIMIT @take OFFSET @skip
            """,
            [.. parameters, ("take", filter.PageSize), ("skip", (filter.Page - 1) * filter.PageSize)],
            r => new TaskListItem(
                r.GetString(0), r.GetString(1), $"{r.GetString(2)} {r.GetString(3)}", r.GetString(4), Enum.Parse<StaffRole>(r.GetString(5)),
                (TaskPriority)r.GetInt32(6), Enum.Parse<StaffTaskStatus>(r.GetString(7)), r.GetString(8), Instant(r, 9), Instant(r, 10), NullableInstant(r, 11),
                Text(r, 12), Text(r, 13) is { } outcome ? Enum.Parse<TaskOutcome>(outcome) : null, NullableInstant(r, 14), Text(r, 15)),
            cancellationToken);
        return new TaskPage(items, filter.Page, filter.PageSize, total);
    }

    /// <summary>Booked and completed visits starting in [from, to), by start (UTC).</summary>
    public async Task<IReadOnlyList<ScheduledVisit>> ListAppointmentsAsync(string clinicId, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT a.patient_id, p.first_name, p.last_name, a.visit_type_name, a.recall_type, a.start_at, a.status
            FROM appointments a JOIN patients p ON p.clinic_id = a.clinic_id AND p.patient_id = a.patient_id
            WHERE a.clinic_id = @clinic AND a.start_at >= @from AND a.start_at < @to AND a.status IN ('Booked', 'Completed')
            ORDER BY a.start_at, a.patient_id
            """,
            [("clinic", clinicId), ("from", from.ToUnixTimeMilliseconds()), ("to", until.ToUnixTimeMilliseconds())],
            r => new ScheduledVisit(r.GetString(0), $"{r.GetString(1)} {r.GetString(2)}", r.GetString(3), Text(r, 4), Instant(r, 5).UtcDateTime,
                Enum.Parse<AppointmentStatus>(r.GetString(6))),
            cancellationToken);

    public async Task<int> CountBookedRecallVisitsAsync(string clinicId, DateTimeOffset from, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT COUNT(*) FROM appointments WHERE clinic_id = @clinic AND status = 'Booked' AND recall_type IS NOT NULL AND start_at >= @from",
            [("clinic", clinicId), ("from", from.ToUnixTimeMilliseconds())], r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken))[0];

    /// <summary>Open cycles of active patients due by <paramref name="until"/> and not booked: who needs contact.</summary>
    public async Task<IReadOnlyList<DuePatient>> ListToContactAsync(string clinicId, DateOnly until, CancellationToken cancellationToken) =>
        await QueryAsync("""
            SELECT r.patient_id, p.first_name, p.last_name, r.recall_type, r.due_date, r.status, p.phone, p.email
            FROM recall_cycles r JOIN patients p ON p.clinic_id = r.clinic_id AND p.patient_id = r.patient_id
            WHERE r.clinic_id = @clinic AND r.due_date <= @until AND r.status IN ('Due', 'Overdue', 'Contacted') AND p.status = 'Active'
            ORDER BY r.due_date, p.last_name, r.patient_id, r.recall_type
            """,
            [("clinic", clinicId), ("until", until)],
            r => new DuePatient(r.GetString(0), $"{r.GetString(1)} {r.GetString(2)}", r.GetString(3), ReadDate(r, 4), Enum.Parse<RecallStatus>(r.GetString(5)),
                Text(r, 6), Text(r, 7)),
            cancellationToken);

    public async Task<MonthSummary> SummarizeMonthAsync(
        string clinicId, DateTimeOffset from, DateTimeOffset until, DateOnly firstDay, DateOnly nextFirstDay, CancellationToken cancellationToken)
    {
        List<(string, object?)> parameters = [("clinic", clinicId), ("from", from.ToUnixTimeMilliseconds()), ("to", until.ToUnixTimeMilliseconds())];
        var counts = (await QueryAsync($"""
            SELECT
                (SELECT COUNT(DISTINCT patient_id) FROM contact_attempts WHERE clinic_id = @clinic AND at >= @from AND at < @to AND outcome = 'Sent' AND channel <> 'none' AND {RecallOutreach}),
                (SELECT COUNT(*) FROM appointments WHERE clinic_id = @clinic AND booked_at >= @from AND booked_at < @to)
            """, parameters, r => (Int(r, 0), Int(r, 1)), cancellationToken))[0];
        var completed = await QueryAsync(
            "SELECT due_date, completed_on FROM completed_cycles WHERE clinic_id = @clinic AND completed_on >= @first AND completed_on < @next",
            [("clinic", clinicId), ("first", firstDay), ("next", nextFirstDay)],
            r => ReadDate(r, 1).DayNumber - ReadDate(r, 0).DayNumber, cancellationToken);
        var onTime = completed.Count(late => late <= 30);
        return new MonthSummary(counts.Item1, counts.Item2, onTime, completed.Count - onTime);
    }

    internal static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static DateTimeOffset Instant(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    internal static DateTimeOffset? NullableInstant(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);
}
