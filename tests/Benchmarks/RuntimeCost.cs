using System.Diagnostics;
using System.Runtime;

namespace Recall.Benchmarks;

/// <summary>The process's CPU time and garbage collections over a measurement: where a rate is CPU-bound, this says so.</summary>
internal sealed class RuntimeCost
{
    private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan pauses = GC.GetTotalPauseDuration();
    private readonly int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    public static RuntimeCost Start() => new();

    /// <summary>E.g. "CPU 1.8 of 2 cores (412 µs per patient), GC: 310/42/3 collections (gen0/1/2), paused 2.1 s".</summary>
    public string Describe(TimeSpan elapsed, long units, string unit)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var counts = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]);
        return $"CPU {used / elapsed:0.0} of {Environment.ProcessorCount} cores ({used.TotalMicroseconds / units:N0} µs per {unit}), " +
            $"GC: {string.Join("/", counts)} collections (gen0/1/2, {(GCSettings.IsServerGC ? "server" : "workstation")}), paused {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:0.0} s";
    }
}
