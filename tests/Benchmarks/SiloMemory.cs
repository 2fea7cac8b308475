using System.Diagnostics;
using System.Globalization;

namespace Recall.Benchmarks;

/// <summary>This process's working set and managed heap at one moment.</summary>
internal readonly record struct SiloMemory(long WorkingSet, long Heap)
{
    /// <summary>Reads both; with <paramref name="collect"/>, after a full blocking GC (the heap's live size, not its garbage).</summary>
    public static SiloMemory Measure(bool collect)
    {
        if (collect)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using var process = Process.GetCurrentProcess();
        return new SiloMemory(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture) + " MB";
}
