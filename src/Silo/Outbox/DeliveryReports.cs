using Recall.Grains;
using Recall.Api.Webhooks;
using Recall.Grains.Hosting;
using Recall.Silo.Hosting;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox;

/// <summary>
/// Delivery reports (Twilio's status callbacks) reach the grain first, then the outbox row: both
/// apply them monotonically, so repeats and late arrivals change nothing, and a crash between the
/// two is healed by the provider's retry. A report on a message whose send was uncertain proves it
/// was created: the send is settled as sent (the patient counts as contacted), never resent.
/// </summary>
internal sealed class DeliveryReports(IOutboxStore store, ActivationDirectory directory, [FromKeyedServices(RecallClock.Key)] TimeProvider time) : IDeliveryReports
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
            var settled = new OutboxResultTurn(
                new OutboxResult(message.Id, message.MessageKey, message.Channel, OutboxOutcome.Sent, now, message.Attempts, providerMessageId), default);
            directory.Enqueue(message.Grain, settled);
            try
            {
                await settled.Task;
            }
            catch (StaleOutboxResultException)
            {
                // Another silo settled it first.
            }
        }

        if (stage.Advances(record.Delivery))
        {
            var turn = new DeliveryReportTurn(new DeliveryReport(message.Id, message.MessageKey, message.Channel, providerMessageId, stage, errorCode, now), default);
            directory.Enqueue(message.Grain, turn);
            await turn.Task;
            await store.RecordDeliveryAsync(outboxId, stage, providerMessageId, cancellationToken);
        }

        return true;
    }
}
