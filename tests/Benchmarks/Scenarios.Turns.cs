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
        var ours = Enumerable.Range(0, grains).Select(i => silo.Grains.GetGrain<IBenchGrain>(ReminderSeed.Key(i))).ToArray();
        var plain = Enumerable.Range(0, grains).Select(i => silo.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<IPlainPingGrain>(ReminderSeed.Key(i))).ToArray();
        await Parallel.ForEachAsync(ours, async (grain, _) => await grain.PingAsync()); // Activates them all.
        await Parallel.ForEachAsync(plain, async (grain, _) => await grain.PingAsync());
        Func<int, Task<long>> oursCall = i => ours[i].PingAsync();
        Func<int, Task<long>> plainCall = i => plain[i].PingAsync();

        async Task<(long Calls, TimeSpan Elapsed, long Allocated, int Gen0, int Gen2, TimeSpan Cpu)> RunAsync(Func<int, Task<long>> call, TimeSpan length)
        {
            long calls = 0;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                long mine = 0;
                while (clock.Elapsed < length)
                {
                    for (var i = 0; i < 64; i++)
                    {
                        await call(random.Next(grains));
                    }

                    mine += 64;
                }

                Interlocked.Add(ref calls, mine);
            })));
            return (calls, clock.Elapsed, GC.GetTotalAllocatedBytes(precise: false) - allocated, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2,
                Process.GetCurrentProcess().TotalProcessorTime - cpu);
        }

        // Warm-up: Orleans' call path is wide, and one second left most of it at tier 0 or instrumented while measured
        // (11 % of the CPU samples in the JIT). Rounds of a second of each kind of call until a round compiles
        // fewer than 50 methods (at most 15 rounds).
        var rounds = new List<long>();
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await RunAsync(oursCall, TimeSpan.FromSeconds(1));
            await RunAsync(plainCall, TimeSpan.FromSeconds(1));
            await Task.Delay(500); // The background compiler's promotions.
            rounds.Add(System.Runtime.JitInfo.GetCompiledMethodCount() - before);
        }
        while (rounds[^1] >= 50 && rounds.Count < 15);

        Console.WriteLine($"warmed up in {rounds.Count} rounds; measuring {duration.TotalSeconds:0} s of each");
        var runs = new[] { ("ours: full turn (IBenchGrain)", await RunAsync(oursCall, duration)), ("Orleans alone: plain grain (IPlainPingGrain)", await RunAsync(plainCall, duration)) };
        report.Table(
            ["grain", "grains", "callers", "calls", "seconds", "calls/s", "CPU per call", "allocated per call", "gen0 / gen2 GCs"],
            runs.Select(r => new[]
            {
                r.Item1, Report.F(grains), Report.F(callers), Report.F(r.Item2.Calls), Report.F(r.Item2.Elapsed.TotalSeconds, "0.00"), Report.F(r.Item2.Calls / r.Item2.Elapsed.TotalSeconds),
                Report.F(r.Item2.Cpu.TotalMicroseconds / r.Item2.Calls, "0.0") + " µs", Report.F((double)r.Item2.Allocated / r.Item2.Calls) + " B", $"{r.Item2.Gen0} / {r.Item2.Gen2}",
            }));
        var perSecond = runs[0].Item2.Calls / runs[0].Item2.Elapsed.TotalSeconds;
        report.Note($"Target: at least 1,000,000 grain calls/s across {Environment.ProcessorCount} cores ({(perSecond >= 1_000_000 ? "met" : "missed")}: {perSecond:N0}/s; the home-made host did 2,161,313/s). " +
            "Each call is an Orleans grain call from outside any grain (a thread-pool task, as the API's calls are): Orleans' generated reference, its outgoing filters (ours, which forwards the idempotency key and the caller's span, and Orleans' activity propagation), " +
            "a request message delivered in the silo, the activation's scheduler, the incoming filter of ours that runs the turn (state serialized and compared with the committed document; the state does not change, so nothing is written), and the response message back. " +
            "The plain grain's row is the same call with none of our turn: what Orleans' path costs alone. Callers await each call (no fire-and-forget). " +
            $"Warm-up: {rounds.Count} rounds of a second of each kind of call, until the JIT settled (methods compiled per round: {string.Join(", ", rounds.Select(r => Report.F(r)))}).");
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
