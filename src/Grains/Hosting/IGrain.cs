namespace Recall.Grains.Hosting;

/// <summary>
/// Marker for grain interfaces: Orleans grain interfaces with string keys. Every method returns
/// <see cref="Task"/> or <see cref="Task{TResult}"/> and runs as one turn of the grain's activation.
/// </summary>
#pragma warning disable CA1040 // A marker interface is how the factory tells grain interfaces apart, as in Orleans.
public interface IGrain : Orleans.IGrainWithStringKey;
#pragma warning restore CA1040

/// <summary>
/// Hands out references to grains (over Orleans' factory); a call on a reference becomes a turn of the grain.
/// </summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrain;
}
