using Microsoft.Data.Sqlite;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Queries;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>Lists and counts over the query rows, on SQLite. Colours are computed from the due date and today's date.</summary>
public sealed class SqliteRecallQueries(SqliteDatabase database) : WorkflowQueries, IRecallQueries, IApiKeyDirectory
{
    /// <summary>The earliest open cycle of a patient: the one lists show.</summary>
    private const string NextCycle = """
        SELECT recall_type FROM recall_cycles x WHERE x.clinic_id = p.clinic_id AND x.patient_id = p.patient_id
        ORDER BY x.due_date, x.recall_type LIMIT 1
        """;

    public Task<PatientPage> ListPatientsAsync(string clinicId, PatientFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        var where = PatientListSql.Where(filter, '$', "LIKE");

        void Bind(SqliteCommand command)
        {
            command.With("$clinic", clinicId).With("$status", filter.Status).With("$today", today)
                .With("$yellowEnd", today.AddDays(DueColours.YellowDays)).With("$dueBy", today.AddDays(filter.DueWithinDays ?? 0))
                .With("$party", filter.ResponsiblePartyId).With("$exact", filter.Search?.Trim())
                .With("$search", PatientListSql.SearchPattern(filter.Search));
        }

        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM patients p WHERE {where}";
        Bind(count);
        var total = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        using var list = connection.CreateCommand();
        list.CommandText = $"""
            SELECT {PatientListSql.Columns}
            FROM patients p
            LEFT JOIN recall_cycles n ON n.clinic_id = p.clinic_id AND n.patient_id = p.patient_id AND n.recall_type = ({NextCycle})
            WHERE {where}
            ORDER BY n.due_date IS NULL, n.due_date, p.last_name, p.first_name, p.patient_id
            LIMIT $take OFFSET $skip
            """;
        Bind(list);
        list.With("$take", filter.PageSize).With("$skip", (filter.Page - 1) * filter.PageSize);
        using var reader = list.ExecuteReader();
        var items = new List<PatientSummary>();
        while (reader.Read())
        {
            items.Add(PatientListSql.Summary(reader, today, reader.NullableDate));
        }

        return Task.FromResult(new PatientPage(items, filter.Page, filter.PageSize, total));
    }

    public Task<RecallCounts> CountRecallsAsync(string clinicId, DateOnly today, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        var byStatus = Enum.GetValues<RecallStatus>().ToDictionary(s => s, _ => 0);
        using (var statuses = connection.CreateCommand())
        {
            statuses.CommandText = """
                SELECT status, COUNT(*) FROM recall_cycles WHERE clinic_id = $clinic GROUP BY status
                UNION ALL
                SELECT 'Completed', COUNT(*) FROM completed_cycles WHERE clinic_id = $clinic
                """;
            statuses.With("$clinic", clinicId);
            using var reader = statuses.ExecuteReader();
            while (reader.Read())
            {
                byStatus[Enum.Parse<RecallStatus>(reader.GetString(0))] += reader.GetInt32(1);
            }
        }

        using var colours = connection.CreateCommand();
        colours.CommandText = """
            SELECT
                (SELECT COUNT(*) FROM recall_cycles WHERE clinic_id = $clinic AND due_date <= $today),
                (SELECT COUNT(*) FROM recall_cycles WHERE clinic_id = $clinic AND due_date > $today AND due_date <= $yellowEnd),
                (SELECT COUNT(*) FROM recall_cycles WHERE clinic_id = $clinic AND due_date > $yellowEnd),
                (SELECT COUNT(DISTINCT patient_id) FROM recall_cycles WHERE clinic_id = $clinic AND due_date <= $yellowEnd),
                (SELECT COUNT(*) FROM patients WHERE clinic_id = $clinic),
                (SELECT COUNT(*) FROM patients WHERE clinic_id = $clinic AND status = 'Active')
            """;
        colours.With("$clinic", clinicId).With("$today", today).With("$yellowEnd", today.AddDays(DueColours.YellowDays));
        using var row = colours.ExecuteReader();
        row.Read();
        var byColour = new Dictionary<DueColour, int>
        {
            [DueColour.Red] = row.GetInt32(0),
            [DueColour.Yellow] = row.GetInt32(1),
            [DueColour.Black] = row.GetInt32(2),
        };
        return Task.FromResult(new RecallCounts(today, row.GetInt32(4), row.GetInt32(5), byStatus, byColour, row.GetInt32(3)));
    }


    public Task<IReadOnlyList<string>> ListPatientIdsAsync(string clinicId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT patient_id FROM patients WHERE clinic_id = $clinic ORDER BY patient_id";
        command.With("$clinic", clinicId);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    public Task<ApiKeyRow?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT clinic_id, secret_hash, revoked FROM api_keys WHERE key_id = $key";
        command.With("$key", keyId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new ApiKeyRow(keyId, reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0) : null);
    }

    protected override Task<List<T>> QueryAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<System.Data.Common.DbDataReader, T> map, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Where(p => sql.Contains("@" + p.Name, StringComparison.Ordinal)))
        {
            command.With("@" + name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return Task.FromResult(rows);
    }

    protected override DateOnly ReadDate(System.Data.Common.DbDataReader reader, int ordinal) => SqliteValues.Date(reader.GetString(ordinal));
}
