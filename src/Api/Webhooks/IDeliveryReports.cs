using Recall.Grains.Hosting;

namespace Recall.Api.Webhooks;

/// <summary>Applies a provider's delivery report to the outbox and the grain that sent the message. Implemented by the silo.</summary>
public interface IDeliveryReports
{
    /// <summary>False when there is no outbox message with that id.</summary>
    Task<bool> ApplyAsync(long outboxId, string providerMessageId, DeliveryStage stage, string? errorCode, CancellationToken cancellationToken);
}
