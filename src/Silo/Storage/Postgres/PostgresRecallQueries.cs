using Npgsql;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Queries;

namespace Recall.Silo.Storage.Postgres;

/// <summary>Lists and counts over the query rows, on PostgreSQL (the same answers as SQLite's, tested by one suite).</summary>
public sealed class PostgresRecallQueries(PostgresDatabase database) : WorkflowQueries, IRecallQueries, IApiKeyDirectory
{
    public async Task<PatientPage> ListPatientsAsync(string clinicId, PatientFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        var where = PatientListSql.Where(filter, '@', "ILIKE");

        NpgsqlCommand Bind(string sql) => database.Command(sql)
            .With("clinic", clinicId).With("status", filter.Status?.ToString()).With("today", today)
            .With("yellowEnd", today.AddDays(DueColours.YellowDays)).With("dueBy", today.AddDays(filter.DueWithinDays ?? 0))
            .With("party", filter.ResponsiblePartyId).With("exact", filter.Search?.Trim())
            .With("search", PatientListSql.SearchPattern(filter.Search));

        await using var count = Bind($"SELECT COUNT(*) FROM patients p WHERE {where}");
        var total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;

        await using var list = Bind($"""
            SELECT {PatientListSql.Columns}
            FROM patients p
            LEFT JOIN LATERAL (
                SELECT x.recall_type, x.due_date, x.status FROM recall_cycles x
                WHERE x.clinic_id = p.clinic_id AND x.patient_id = p.patient_id
                ORDER BY x.due_date, x.recall_type LIMIT 1) n ON true
            WHERE {where}
            ORDER BY n.due_date IS NULL, n.due_date, p.last_name, p.first_name, p.patient_id
            LIMIT @take OFFSET @skip
            """)
            .With("take", filter.PageSize).With("skip", (filter.Page - 1) * filter.PageSize);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var items = new List<PatientSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(PatientListSql.Summary(reader, today, reader.NullableDate));
        }

        return new PatientPage(items, filter.Page, filter.PageSize, total);
    }

    public async Task<RecallCounts> CountRecallsAsync(string clinicId, DateOnly today, CancellationToken cancellationToken)
    {
        var byStatus = Enum.GetValues<RecallStatus>().ToDictionary(s => s, _ => 0);
        await using (var statuses = database.Command("""
            SELECT status, COUNT(*) FROM recall_cycles WHERE clinic_id = @clinic GROUP BY status
            UNION ALL
            SELECT 'Completed', COUNT(*) FROM completed_cycles WHERE clinic_id = @clinic
            """).With("clinic", clinicId))
        {
            await using var reader = await statuses.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                byStatus[Enum.Parse<RecallStatus>(reader.GetString(0))] += (int)reader.GetInt64(1);
            }
        }

        await using var colours = database.Command("""
            SELECT
                (SELECT COUNT(*) FROM recall_cycles WHERE clinic_id = @clinic AND due_date <= @today),
                (SELECT COUNT(*) FROM recall_cycles WHERE clinic_id = @clinic AND due_date > @today AND due_date <= @yellowEnd),
                (SELECT COUNT(*) FROM recall_cycles WHERE clinic_id = @clinic AND due_date > @yellowEnd),
                (SELECT COUNT(DISTINCT patient_id) FROM recall_cycles WHERE clinic_id = @clinic AND due_date <= @yellowEnd),
                (SELECT COUNT(*) FROM patients WHERE clinic_id = @clinic),
                (SELECT COUNT(*) FROM patients WHERE clinic_id = @clinic AND status = 'Active')
            """).With("clinic", clinicId).With("today", today).With("yellowEnd", today.AddDays(DueColours.YellowDays));
        await using var row = await colours.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        int Count(int ordinal) => (int)row.GetInt64(ordinal);
        var byColour = new Dictionary<DueColour, int>
        {
            [DueColour.Red] = Count(0),
            [DueColour.Yellow] = Count(1),
            [DueColour.Black] = Count(2),
        };
        return new RecallCounts(today, Count(4), Count(5), byStatus, byColour, Count(3));
    }


    public async Task<IReadOnlyList<string>> ListPatientIdsAsync(string clinicId, CancellationToken cancellationToken)
    {
        await using var command = database.Command("SELECT patient_id FROM patients WHERE clinic_id = @clinic ORDER BY patient_id").With("clinic", clinicId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<ApiKeyRow?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var command = database.Command("SELECT clinic_id, secret_hash, revoked FROM api_keys WHERE key_id = @key").With("key", keyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ApiKeyRow(keyId, reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)) : null;
    }

    protected override async Task<List<T>> QueryAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<System.Data.Common.DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = database.Command(sql);
        foreach (var (name, value) in parameters.Where(p => sql.Contains("@" + p.Name, StringComparison.Ordinal)))
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    protected override DateOnly ReadDate(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);
}
