using Recall.Api.Audit;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>The audit log on the embedded database: appends join the writer's group commit, so a view costs no fsync of its own.</summary>
public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public Task AppendAsync(string clinicId, DateTimeOffset at, string actor, string action, string? patientId, string? detail, CancellationToken cancellationToken) =>
        database.WriteAsync(writer => writer.Command(AuditSql.Insert)
            .With("@clinic", clinicId).With("@at", at).With("@actor", actor).With("@action", action).With("@patient", patientId).With("@detail", detail)
            .ExecuteNonQuery());

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string clinicId, AuditQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = AuditSql.Select(clinicId, query);
        await using var connection = database.OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.With("@" + name, value);
        }

        return await command.ReadListAsync(AuditSql.Read, cancellationToken);
    }
}
