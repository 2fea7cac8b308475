using Microsoft.Extensions.Hosting;
using Recall.Silo.Hosting;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Renews the leases on the reminders and messages this silo is working on, so a slow send is not
/// taken over by another silo while this one lives; once it dies, its leases run out and the work moves.
/// </summary>
internal sealed class PostgresClaimRenewer(PostgresDatabase database, SiloLog log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(database.Options.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var batch = database.DataSource.CreateBatch();
                batch.BatchCommands.Add(PostgresReminderTable.Renew(database));
                batch.BatchCommands.Add(PostgresOutboxStore.Renew(database));
                await batch.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.RenewFailed(e);
            }
        }
    }
}
