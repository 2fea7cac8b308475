using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Privacy;
using Recall.Grains;

namespace Recall.Silo.Storage.Postgres;

public sealed class PostgresPatientMessages(PostgresDatabase database, [FromKeyedServices(RecallClock.Key)] TimeProvider time) : IPatientMessages
{
    public async Task<IReadOnlyList<PatientMessage>> ReadAsync(string clinicId, string patientId, CancellationToken cancellationToken)
    {
        await using var command = database.Command(PatientMessagesSql.Select).With("key", $"{clinicId}/{patientId}");
        return await command.ReadListAsync(PatientMessagesSql.Read, cancellationToken);
    }

    public async Task<int> EraseAsync(string clinicId, string patientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var blanked = -1;
        foreach (var sql in PatientMessagesSql.Erase)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction)
                .With("key", $"{clinicId}/{patientId}").With("clinic", clinicId).With("now", time.GetUtcNow());
            var affected = await command.ExecuteNonQueryAsync(cancellationToken);
            blanked = blanked < 0 ? affected : blanked;
        }

        await transaction.CommitAsync(cancellationToken);
        return blanked;
    }
}
