using Recall.Grains.Hosting;

namespace Recall.Silo.Turns;

/// <summary>
/// The product's grain factory over Orleans': a reference by grain interface and string key (what
/// the API and grains use), and by a stored grain id, as the outbox keeps its sender's (what the
/// dispatcher uses to hand a message's outcome back).
/// </summary>
internal sealed class GrainReferences(Orleans.IGrainFactory orleans) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrain
    {
        // Orleans refuses a blank key with an ArgumentException (a 500); such a key comes from a client's path or
        // body (GET /clinics/%20/schedule/setup), and no grain is ever stored under it (issue #16).
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new GrainNotFoundException($"There is nothing named '{key}'.");
        }

        return (TGrain)orleans.GetGrain(typeof(TGrain), key);
    }

    /// <summary>The grain with this stored id, called through <typeparamref name="TGrain"/>, an interface every grain implements.</summary>
    public TGrain GetGrain<TGrain>(GrainId id) where TGrain : IGrain =>
        orleans.GetGrain<TGrain>(Orleans.Runtime.GrainId.Create(id.Type, id.Key));
}
