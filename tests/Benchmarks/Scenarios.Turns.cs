using System.Diagnostics;
using Recall.Grains.Patients;

namespace Recall.Benchmarks;

internal static partial class Scenarios
{
    /// <summary>4a. In-memory turns: grain calls per second when nothing is written (read turns on resident activations).</summary>
    public static async Task TurnsAsync(string repository, int? size)
    {
        var grains = size ?? 10_000;
        const int callers = 512;
        var duration = TimeSpan.FromSeconds(5);
        Console.WriteLine($"== in-memory turns: {grains:N0} resident grains, {callers} concurrent callers ==");
        var report = new Report("turns", "4a. In-memory turns (no I/O)");
        using var database = BenchDatabase.Create(Provider.Sqlite, "turns");
        await using var silo = await BenchSilo.StartAsync(database);
        var references = Enumerable.Range(0, grains).Select(i => silo.Grains.GetGrain<IBenchGrain>(ReminderSeed.Key(i))).ToArray();
        await Parallel.ForEachAsync(references, async (grain, _) => await grain.PingAsync()); // Activates them all.

        async Task<(long Calls, TimeSpan Elapsed, long Allocated, int Gen0, int Gen2)> RunAsync(TimeSpan length)
        {
            long calls = 0;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                long mine = 0;
                while (clock.Elapsed < length)
                {
                    for (var i = 0; i < 64; i++)
                    {
                        await references[random.Next(references.Length)].PingAsync();
                    }

                    mine += 64;
                }

                Interlocked.Add(ref calls, mine);
            })));
            return (calls, clock.Elapsed, GC.GetTotalAllocatedBytes(precise: false) - allocated, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
        }

        await RunAsync(TimeSpan.FromSeconds(1)); // Warm-up (JIT, tiering).
        var run = await RunAsync(duration);
        var perSecond = run.Calls / run.Elapsed.TotalSeconds;
        report.Table(
            ["grains", "callers", "calls", "seconds", "calls/s", "allocated per call", "gen0 / gen2 GCs"],
            [[Report.F(grains), Report.F(callers), Report.F(run.Calls), Report.F(run.Elapsed.TotalSeconds, "0.00"), Report.F(perSecond), Report.F((double)run.Allocated / run.Calls) + " B", $"{run.Gen0} / {run.Gen2}"]]);
        report.Note($"Target: at least 1,000,000 grain calls/s across {Environment.ProcessorCount} cores ({(perSecond >= 1_000_000 ? "met" : "missed")}: {perSecond:N0}/s). " +
            "Each call goes through the grain reference (a DispatchProxy), the activation's mailbox and a full turn (state serialized and compared, query rows projected); " +
            "the state does not change, so nothing is written. Callers await each call (no fire-and-forget).");
        report.Write(repository);
    }

    /// <summary>4b. Memory: resident patient activations with a million patients stored (the import scenario's database).</summary>
    public static async Task MemoryAsync(string repository, int? size)
    {
        var stored = size ?? 1_000_000;
        var resident = stored / 10;
        var path = ImportDatabasePath(stored);
        if (!File.Exists(path))
        {
            Console.WriteLine($"No imported database of {stored:N0} patients at {path}: importing it first.");
            await ImportAsync(repository, stored);
        }

        // Measured in a fresh process, so nothing an earlier scenario left behind is counted.
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Scenarios).Assembly.Location);
        }

        foreach (var argument in new[] { "memory-measure", "--size", stored.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The memory measurement failed (exit code {child.ExitCode}).");
        }
    }

    /// <summary>The memory measurement itself, in its own process.</summary>
    public static async Task MeasureMemoryAsync(string repository, int? size)
    {
        var stored = size ?? 1_000_000;
        var resident = stored / 10;
        var path = ImportDatabasePath(stored);
        Console.WriteLine($"== memory: {resident:N0} resident patient activations of {stored:N0} stored ==");
        var report = new Report("memory", "4b. Memory of resident patient activations");
        var database = BenchDatabase.ExistingSqlite(path);
        var patients = database.Scalar("SELECT COUNT(*) FROM grain_state WHERE grain_type = 'patient'");
        await using var silo = await BenchSilo.StartAsync(database);
        var before = Measure();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, resident), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            if (await silo.Grains.GetGrain<IPatientGrain>($"{ImportClinic}/p{i}").GetAsync() is null)
            {
                throw new InvalidOperationException($"Patient p{i} is not stored.");
            }
        });
        var activation = clock.Elapsed;
        var after = Measure();
        var perActivation = (after.Heap - before.Heap) / (double)resident;
        report.Table(
            ["", "process working set", "private memory", "managed heap after full GC"],
            [
                ["silo started, no activations", Mb(before.WorkingSet), Mb(before.Private), Mb(before.Heap)],
                [$"{resident:N0} patient activations resident", Mb(after.WorkingSet), Mb(after.Private), Mb(after.Heap)],
            ]);
        report.Note($"Target: under 1 GB for the whole process ({(after.WorkingSet < 1L << 30 ? "met" : "missed")}: working set {Mb(after.WorkingSet)}). " +
            $"{patients:N0} patients stored (SQLite, from the import scenario); {resident:N0} activated by a read ({activation.TotalSeconds:0.0} s, {resident / activation.TotalSeconds:N0} activations/s); " +
            $"about {perActivation / 1024:0.0} KB of managed heap per resident activation (grain, its state, its query rows, the mailbox). " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "Server" : "Workstation")} GC{(AppContext.GetData("System.GC.DynamicAdaptationMode") is { } datas ? $", DATAS {(Convert.ToInt32(datas, System.Globalization.CultureInfo.InvariantCulture) == 0 ? "off" : "on")}" : "")}, as the silo ships (src/Silo/Runtime.props).");
        report.Write(repository);
    }

    private static (long WorkingSet, long Private, long Heap) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.WorkingSet64, process.PrivateMemorySize64, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static string Mb(long bytes) => Report.F(bytes / (1024.0 * 1024), "N0") + " MB";
}
