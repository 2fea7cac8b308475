using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Recall.Benchmarks;

/// <summary>
/// The CPU time and garbage collections over a measurement, of this process and of the local
/// PostgreSQL server: where a rate or a tail is CPU-bound, this says so.
/// </summary>
internal sealed class RuntimeCost
{
    private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan postgres = PostgresCpu();
    private readonly TimeSpan pauses = GC.GetTotalPauseDuration();
    private readonly long jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan jitTime = System.Runtime.JitInfo.GetCompilationTime();
    private readonly int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    public static RuntimeCost Start() => new();

    /// <summary>E.g. "CPU 1.8 of 2 cores (412 µs per patient), GC: 310/42/3 collections (gen0/1/2, server), paused 2.1 s".</summary>
    public string Describe(TimeSpan elapsed, long units, string unit)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var server = PostgresCpu() - postgres;
        var counts = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]);
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU {used / elapsed:0.0} of {Environment.ProcessorCount} cores ({used.TotalMicroseconds / units:N0} µs per {unit})") +
            (server / elapsed >= 0.05 ? string.Create(CultureInfo.InvariantCulture, $" plus PostgreSQL's {server / elapsed:0.0} cores ({server.TotalMicroseconds / units:N0} µs per {unit})") : "") +
            $", GC: {string.Join("/", counts)} collections (gen0/1/2, {(GCSettings.IsServerGC ? "server" : "workstation")}), " +
            string.Create(CultureInfo.InvariantCulture, $"paused {(GC.GetTotalPauseDuration() - pauses).TotalSeconds:0.0} s, ") +
            string.Create(CultureInfo.InvariantCulture, $"JIT: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted:N0} methods compiled in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:0.0} s");
    }

    /// <summary>User and system time of every process named postgres (Linux /proc; clock ticks of 10 ms), or zero elsewhere.</summary>
    private static TimeSpan PostgresCpu()
    {
        long ticks = 0;
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var close = stat.LastIndexOf(')');
                    if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // Fields after the command: state is field 3, utime 14 and stime 15.
                    var fields = stat[(close + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended meanwhile, or is not ours to read.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
