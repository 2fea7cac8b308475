using Microsoft.Extensions.Hosting;
using Recall.Silo.Work;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Renews the leases on the reminders and messages this silo is working on right now (the claim
/// registry), so a slow send is not taken over while this silo lives; once it dies, or gives a
/// piece of work up, those leases run out and the work moves.
/// </summary>
internal sealed class PostgresClaimRenewer(PostgresDatabase database, ClaimRegistry claims, SiloLog log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(database.Options.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var reminders = claims.Reminders;
                var messages = claims.Messages;
                if (reminders.Count == 0 && messages.Count == 0)
                {
                    continue;
                }

                // Its own small pool: renewals must not queue behind a busy silo's turns, or leases would lapse under load.
                await using var batch = database.ControlDataSource.CreateBatch();
                batch.BatchCommands.Add(PostgresReminderTable.Renew(database, reminders));
                batch.BatchCommands.Add(PostgresOutboxStore.Renew(database, messages));
                await batch.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.RenewFailed(e);
            }
        }
    }
}
