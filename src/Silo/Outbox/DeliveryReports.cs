using Recall.Grains;
using Recall.Api.Webhooks;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;
using Recall.Silo.Turns;

namespace Recall.Silo.Outbox;

/// <summary>
/// Delivery reports (Twilio's status callbacks) reach the grain first, then the outbox row: both
/// apply them monotonically, so repeats and late arrivals change nothing, and a crash between the
/// two is healed by the provider's retry. A report on a message whose send was uncertain proves it
/// was created: the send is settled as sent (the patient counts as contacted), never resent.
/// </summary>
internal sealed class DeliveryReports(IOutboxStore store, GrainReferences grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time) : IDeliveryReports
{
    public async Task<bool> ApplyAsync(long outboxId, string providerMessageId, DeliveryStage stage, string? errorCode, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(outboxId, cancellationToken) is not { } record)
        {
            return false;
        }

        var message = record.Message;
        var now = time.GetUtcNow();
        if (record.Status == "uncertain")
        {
            var settled = new OutboxResult(message.Id, message.MessageKey, message.Channel, OutboxOutcome.Sent, now, message.Attempts, providerMessageId);
            try
            {
                await grains.GetGrain<IOutboxResultHandler>(message.Grain).ReceiveOutboxResultAsync(settled);
            }
            catch (StaleOutboxResultException)
            {
                // Another silo settled it first.
            }
        }

        if (stage.Advances(record.Delivery))
        {
            var report = new DeliveryReport(message.Id, message.MessageKey, message.Channel, providerMessageId, stage, errorCode, now);
            await grains.GetGrain<IDeliveryReportHandler>(message.Grain).ReceiveDeliveryReportAsync(report);
            await store.RecordDeliveryAsync(outboxId, stage, providerMessageId, cancellationToken);
        }

        return true;
    }
}
