using Recall.Grains.Hosting;
using Recall.Silo.Hosting;

namespace Recall.Silo.Turns;

/// <summary>
/// The silo's grain factory while grains move onto Orleans (docs/orleans-migration.md): a grain
/// registered with the home-made host (AddGrain) runs there; every other grain runs on Orleans.
/// Callers (the API, grains calling grains) never need to know which.
/// </summary>
internal sealed class RoutingGrainFactory(IServiceProvider services, GrainTypeRegistry homeMade, Orleans.IGrainFactory orleans) : IGrainFactory
{
    // Resolved on first use: the home-made host's directory itself needs this factory (grains it runs call others).
    private readonly Lazy<IGrainFactory> hosted = new(() => services.GetRequiredService<ActivationDirectory>().HostedGrains);

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return homeMade.Hosts(typeof(TGrain)) ? hosted.Value.GetGrain<TGrain>(key) : (TGrain)orleans.GetGrain(typeof(TGrain), key);
    }

    /// <summary>The grain with this stored id (e.g. an outbox row's sender), called through <typeparamref name="TGrain"/>, an interface every grain implements.</summary>
    public TGrain GetGrain<TGrain>(GrainId id) where TGrain : IGrain =>
        homeMade.TryForName(id.Type) is not null
            ? services.GetRequiredService<ActivationDirectory>().Reference<TGrain>(id)
            : orleans.GetGrain<TGrain>(Orleans.Runtime.GrainId.Create(id.Type, id.Key));
}
