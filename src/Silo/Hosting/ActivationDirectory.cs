using Recall.Grains;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;
using Recall.Silo.Telemetry;

namespace Recall.Silo.Hosting;

/// <summary>
/// The silo's activations: one per grain, created on the first call and collected when idle, so
/// memory is bounded by the grains in use rather than the grains stored.
/// </summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> activations = new();
    private readonly IServiceProvider services;
    private readonly GrainTypeRegistry types;

    public ActivationDirectory(
        IServiceProvider services,
        GrainTypeRegistry types,
        TurnServices turnServices,
        SiloTelemetry telemetry,
        IOptions<SiloOptions> options,
        SiloLog log)
    {
        this.services = services;
        this.types = types;
        Services = turnServices;
        Telemetry = telemetry;
        Options = options.Value;
        Log = log;
        HostedGrains = new GrainFactory(this, types);
        telemetry.Meter.CreateObservableGauge("recall.activations", () => activations.Count, "{activation}", "Grain activations in memory.");
    }

    /// <summary>References to the grains this host runs (the silo's <see cref="IGrainFactory"/> routes to it).</summary>
    public IGrainFactory HostedGrains { get; }

    public TurnServices Services { get; }

    public IGrainStore Store => Services.Store;

    public TimeProvider Time => Services.Time;

    public SiloTelemetry Telemetry { get; }

    public SiloOptions Options { get; }

    public SiloLog Log { get; }

    public int Count => activations.Count;

    public void Enqueue(GrainId id, TurnRequest request)
    {
        while (true)
        {
            var activation = activations.GetOrAdd(id, static (key, self) => new GrainActivation(self, self.types.ForName(key.Type), key), this);
            if (activation.TryEnqueue(request))
            {
                return;
            }

            // Collected between lookup and enqueue: drop that entry and create a fresh activation.
            activations.TryRemove(KeyValuePair.Create(id, activation));
        }
    }

    /// <summary>Drops an activation that deactivated itself (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    public void Forget(GrainActivation activation) => activations.TryRemove(KeyValuePair.Create(activation.Id, activation));

    /// <summary>Collects activations idle since before <c>now - IdleTimeout</c>; returns how many.</summary>
    public int CollectIdle()
    {
        var idleSince = Time.GetUtcNow() - Options.IdleTimeout;
        var collected = 0;
        foreach (var (id, activation) in activations)
        {
            if (activation.TryDeactivate(idleSince) && activations.TryRemove(KeyValuePair.Create(id, activation)))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>A reference to one of this host's grains by id, through any interface its class implements.</summary>
    public TGrain Reference<TGrain>(GrainId id) where TGrain : IGrain => GrainFactory.Reference<TGrain>(this, id);

    public Grain CreateGrain(GrainType type) => (Grain)ActivatorUtilities.CreateInstance(services, type.Implementation);
}

/// <summary>Hands out references to the home-made host's grains. A reference is a cheap proxy: make one wherever it is needed.</summary>
internal sealed class GrainFactory(ActivationDirectory directory, GrainTypeRegistry types) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Reference<TGrain>(directory, new GrainId(types.ForInterface(typeof(TGrain)).Name, key));
    }

    public static TGrain Reference<TGrain>(ActivationDirectory directory, GrainId id) where TGrain : IGrain
    {
        var reference = System.Reflection.DispatchProxy.Create<TGrain, GrainReference>();
        var proxy = (GrainReference)(object)reference!;
        proxy.Directory = directory;
        proxy.Id = id;
        return reference;
    }
}
