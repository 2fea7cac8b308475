using Recall.Api.Audit;

namespace Recall.Silo.Storage.Postgres;

/// <summary>The audit log shared by every silo of the database; the table refuses updates and deletes.</summary>
public sealed class PostgresAuditLog(PostgresDatabase database) : IAuditLog
{
    public async Task AppendAsync(string clinicId, DateTimeOffset at, string actor, string action, string? patientId, string? detail, CancellationToken cancellationToken)
    {
        await using var command = database.Command(AuditSql.Insert)
            .With("clinic", clinicId).With("at", at).With("actor", actor).With("action", action).With("patient", patientId).With("detail", detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string clinicId, AuditQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = AuditSql.Select(clinicId, query);
        await using var command = database.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value); // Never null: only the filters a query sets are parameters.
        }

        return await command.ReadListAsync(AuditSql.Read, cancellationToken);
    }
}
