namespace Recall.Silo.Tests;

/// <summary>Test classes that measure time across real processes: xUnit runs this collection after the others, by itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "alone";
}
