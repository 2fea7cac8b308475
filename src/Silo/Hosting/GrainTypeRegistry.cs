using Recall.Grains.Hosting;

namespace Recall.Silo.Hosting;

/// <summary>One grain type: the interface callers use, the class that implements it and its stored name.</summary>
public sealed record GrainType(string Name, Type Interface, Type Implementation);

/// <summary>The grain types this silo hosts. The stored name is part of the database: never change it.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainType> byInterface = [];
    private readonly Dictionary<string, GrainType> byName = new(StringComparer.Ordinal);

    public GrainTypeRegistry(IEnumerable<GrainType> types)
    {
        foreach (var type in types)
        {
            Add(type);
        }
    }

    private void Add(GrainType type)
    {
        if (!type.Interface.IsInterface || !typeof(IGrain).IsAssignableFrom(type.Interface))
        {
            throw new ArgumentException($"{type.Interface} is not a grain interface.", nameof(type));
        }

        if (!typeof(Grain).IsAssignableFrom(type.Implementation) || !type.Interface.IsAssignableFrom(type.Implementation))
        {
            throw new ArgumentException($"{type.Implementation} does not derive from Grain and implement {type.Interface}.", nameof(type));
        }

        byInterface[type.Interface] = type;
        byName[type.Name] = type;
    }

    /// <summary>True if the home-made host runs the grain behind this interface (grains not registered run on Orleans).</summary>
    public bool Hosts(Type grainInterface) => byInterface.ContainsKey(grainInterface);

    public GrainType ForInterface(Type grainInterface) => byInterface.TryGetValue(grainInterface, out var type)
        ? type
        : throw new InvalidOperationException($"No grain implements {grainInterface.Name}: register it with AddGrain.");

    public GrainType? TryForName(string name) => byName.GetValueOrDefault(name);

    public GrainType ForName(string name) => byName.TryGetValue(name, out var type)
        ? type
        : throw new InvalidOperationException($"No grain type is registered under the name '{name}'.");
}
