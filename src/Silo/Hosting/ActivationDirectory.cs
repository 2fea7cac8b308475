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
        IGrainStore store,
        GrainSerializer serializer,
        [FromKeyedServices(RecallClock.Key)] TimeProvider time,
        SiloTelemetry telemetry,
        IOptions<SiloOptions> options,
        SiloLog log)
    {
        this.services = services;
        this.types = types;
        Store = store;
        Serializer = serializer;
        Time = time;
        Telemetry = telemetry;
        Options = options.Value;
        Log = log;
        GrainFactory = new GrainFactory(this, types);
        telemetry.Meter.CreateObservableGauge("recall.activations", () => activations.Count, "{activation}", "Grain activations in memory.");
    }

    /// <summary>Raised after every commit, on the committing turn's thread: reminders and outbox wake on it.</summary>
    public event Action<GrainCommit>? Committed;

    public IGrainFactory GrainFactory { get; }

    public IGrainStore Store { get; }

    public GrainSerializer Serializer { get; }

    public TimeProvider Time { get; }

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

    public Grain CreateGrain(GrainType type, IGrainActivationContext context)
    {
        var grain = (Grain)ActivatorUtilities.CreateInstance(services, type.Implementation);
        grain.Bind(context);
        return grain;
    }

    public void OnCommitted(GrainCommit commit) => Committed?.Invoke(commit);
}

/// <summary>Hands out grain references. A reference is a cheap proxy: make one wherever it is needed.</summary>
internal sealed class GrainFactory(ActivationDirectory directory, GrainTypeRegistry types) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var reference = System.Reflection.DispatchProxy.Create<TGrain, GrainReference>();
        var proxy = (GrainReference)(object)reference!;
        proxy.Directory = directory;
        proxy.Id = new GrainId(types.ForInterface(typeof(TGrain)).Name, key);
        return reference;
    }
}
