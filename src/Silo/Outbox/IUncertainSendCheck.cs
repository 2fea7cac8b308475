using Recall.Grains.Hosting;
using Recall.Silo.Storage;

namespace Recall.Silo.Outbox;

/// <summary>A channel that can ask its provider whether an uncertain message was created after all (Twilio's message list).</summary>
public interface IUncertainSendCheck
{
    string Name { get; }

    Task<SendCheck> FindAsync(UncertainSend send, CancellationToken cancellationToken);
}

/// <summary>What the provider said of an uncertain message.</summary>
public abstract record SendCheck
{
    /// <summary>It exists: settled as sent, with how far it got.</summary>
    public sealed record Found(string ProviderMessageId, DeliveryStage Stage) : SendCheck;

    /// <summary>The provider has no such message: it never got the request.</summary>
    public sealed record NotFound : SendCheck;

    /// <summary>The provider could not be asked now; ask again on a later pass.</summary>
    public sealed record Unknown(string Why) : SendCheck;
}
