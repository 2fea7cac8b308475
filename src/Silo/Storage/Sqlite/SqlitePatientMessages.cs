using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Privacy;
using Recall.Grains;

namespace Recall.Silo.Storage.Sqlite;

public sealed class SqlitePatientMessages(SqliteDatabase database, [FromKeyedServices(RecallClock.Key)] TimeProvider time) : IPatientMessages
{
    public async Task<IReadOnlyList<PatientMessage>> ReadAsync(string clinicId, string patientId, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = PatientMessagesSql.Select;
        command.With("@key", $"{clinicId}/{patientId}");
        return await command.ReadListAsync(PatientMessagesSql.Read, cancellationToken);
    }

    public async Task<int> EraseAsync(string clinicId, string patientId, CancellationToken cancellationToken)
    {
        var blanked = -1;
        await database.WriteAsync(writer =>
        {
            foreach (var sql in PatientMessagesSql.Erase)
            {
                var affected = writer.Command(sql).With("@key", $"{clinicId}/{patientId}").With("@clinic", clinicId).With("@now", time.GetUtcNow()).ExecuteNonQuery();
                blanked = blanked < 0 ? affected : blanked; // The first statement's count: the outbox rows.
            }
        });
        return blanked;
    }
}
