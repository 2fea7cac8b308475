using System.Diagnostics;
using System.Net.Http.Json;

namespace Recall.Benchmarks;

internal static partial class Scenarios
{
    private const string ImportClinic = "bench";

    private static string ImportDatabasePath(int patients) => Path.Combine(BenchDatabase.Directory, $"import-{patients}.db");

    /// <summary>5. Bulk import through the real endpoint (POST /clinics/{id}/patients/import) into SQLite.</summary>
    public static async Task ImportAsync(string repository, int? size)
    {
        var count = size ?? 1_000_000;
        Console.WriteLine($"== import of {count:N0} patients from CSV into SQLite ==");
        var report = new Report("import", "5. Bulk import from CSV into SQLite");
        var csv = RecallClient.WriteCsv(count);
        var path = ImportDatabasePath(count);
        foreach (var suffix in new[] { "", "-wal", "-shm", ".silo.lock" })
        {
            File.Delete(path + suffix);
        }

        var database = BenchDatabase.ExistingSqlite(path); // Kept: the memory scenario reuses it.
        var importElapsed = TimeSpan.Zero;
        await using (var silo = await BenchSilo.StartWebAsync(database))
        {
            using var client = await RecallClient.CreateClinicAsync(silo.Address!, ImportClinic, 4);
            using var meters = new SiloMeters("patient");
            var writtenBefore = DiskBytesWritten();
            var runtime = RuntimeCost.Start();
            var clock = Stopwatch.StartNew();
            var result = await RecallClient.ImportAsync(client, ImportClinic, csv);
            var elapsed = clock.Elapsed;
            var written = DiskBytesWritten() - writtenBefore;
            var batching = $"{meters.TurnsPerCommit:0.#} turns per commit, mean patient turn {meters.MeanTurnMs:0.0} ms; " +
                $"the process wrote {written / (1024.0 * 1024):N0} MB to disk, {written / 1024.0 / count:0.0} KB per patient, {written / (1024.0 * 1024) / elapsed.TotalSeconds:N0} MB/s; " +
                runtime.Describe(elapsed, count, "patient");
            var imported = result.GetProperty("imported").GetInt32();
            var reminders = database.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_type = 'patient'");
            var cycles = database.Scalar("SELECT COUNT(*) FROM recall_cycles WHERE due_date IS NOT NULL");
            report.Table(
                ["patients", "CSV size", "imported", "failed", "reminders registered", "due dates", "seconds", "patients/s"],
                [[Report.F(count), Mb(new FileInfo(csv).Length), Report.F(imported), Report.F(result.GetProperty("failed").GetInt32()), Report.F(reminders), Report.F(cycles),
                    Report.F(elapsed.TotalSeconds, "0.0"), Report.F(imported / elapsed.TotalSeconds)]]);
            // Every patient turn asks the clinic grain for the recall rules: one activation, one turn at a time.
            var clinic = silo.Grains.GetGrain<Recall.Grains.Clinics.IClinicGrain>(ImportClinic);
            var clinicClock = Stopwatch.StartNew();
            long clinicCalls = 0;
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                while (clinicClock.Elapsed < TimeSpan.FromSeconds(3))
                {
                    await clinic.GetRecallContextAsync();
                    Interlocked.Increment(ref clinicCalls);
                }
            })));
            var clinicRate = clinicCalls / clinicClock.Elapsed.TotalSeconds;
            var clinicState = database.Scalar($"SELECT length(state) FROM grain_state WHERE grain_type = 'clinic' AND grain_key = '{ImportClinic}'");
            report.Note($"Not the limit: every row's turn first asks the clinic grain for its recall rules (GetRecallContextAsync), one activation that runs one turn at a time; " +
                $"measured after the import with 64 callers, it answers {clinicRate:N0} turns/s (its state document is {clinicState:N0} bytes), far above the import's rate.");
            report.Note($"Target: 1,000,000 patients in under 60 s ({(count >= 1_000_000 ? (elapsed.TotalSeconds < 60 ? "met" : "missed") : "not run at full size")}). " +
                "One HTTP request (the CSV streamed to POST /clinics/{id}/patients/import on Kestrel, loopback), timed until its report came back: every row is a patient grain's turn " +
                $"that computes the due date and registers the reminder, committed with SQLite group commit ({batching}). {database.Durability()}.");
            importElapsed = elapsed;
        }

        // The same rows written by the database alone: the floor under any import on this machine.
        var floors = ImportFloor.Measure(path, 2_000, 20_000);
        report.Table(
            ["the same rows, inserted by plain ADO.NET", "patients per commit", "seconds", "patients/s", "our import / this"],
            [.. floors.Select(f => new[] { "4 prepared INSERTs per patient, key order, one connection", Report.F(f.Batch), Report.F(f.Elapsed.TotalSeconds, "0.0"),
                Report.F(count / f.Elapsed.TotalSeconds), Report.F(importElapsed / f.Elapsed, "0.00") + "x" })]);
        report.Note("The floor: the rows the import wrote (each patient's state, reminder, patient row and recall cycle) read back into memory and inserted into an empty copy of " +
            "the same tables and indexes, with the same durability and writer cache; no grains, JSON, HTTP, reads or validation. " +
            (floors.Min(f => f.Elapsed) >= TimeSpan.FromSeconds(60) && count >= 1_000_000
                ? "Even the database alone needs more than 60 s for these rows here, so the 60 s target is out of reach on this machine whatever the import does."
                : "Time above the floor is the import's own work."));

        report.Write(repository);
    }

    /// <summary>Bytes this process has caused to be written to storage (Linux /proc/self/io), or 0 elsewhere.</summary>
    private static long DiskBytesWritten()
    {
        try
        {
            var line = File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>6. The API under load: visits recorded, then patients read, at a fixed rate over 100 connections.</summary>
    public static async Task ApiAsync(string repository, Provider[] providers, int? size)
    {
        var patients = size ?? 10_000;
        const int rate = 1_000, connections = 100;
        var duration = TimeSpan.FromSeconds(20);
        foreach (var provider in providers)
        {
            Console.WriteLine($"== API on {P(provider)}: {rate:N0} requests/s over {connections} connections, {patients:N0} patients ==");
            var report = new Report($"api-{provider.ToString().ToLowerInvariant()}", $"6. API under load on {P(provider)}");
            using var database = BenchDatabase.Create(provider, "api");
            await using var silo = await BenchSilo.StartWebAsync(database);
            using var client = await RecallClient.CreateClinicAsync(silo.Address!, ImportClinic, connections);
            await RecallClient.ImportAsync(client, ImportClinic, RecallClient.WriteCsv(patients));
            var today = DateOnly.FromDateTime(DateTime.UtcNow);

            HttpRequestMessage Visit(int i) => new(HttpMethod.Post, $"/clinics/{ImportClinic}/patients/p{(i * 7919) % patients}/visits")
            {
                Content = JsonContent.Create(new { date = today.AddDays(-(i % 20)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), serviceCodes = new[] { "D1110" } }),
                Headers = { { "Idempotency-Key", $"bench-{Guid.NewGuid():N}" } },
            };
            HttpRequestMessage Read(int i) => new(HttpMethod.Get, $"/clinics/{ImportClinic}/patients/p{(i * 7919) % patients}");

            // Warm-up: connections, JIT, and every patient read once, so the commands find them in memory
            // (the import leaves its patients to the store: each asks to leave memory once imported).
            await LoadGenerator.RunAsync(client, Read, rate, TimeSpan.FromSeconds((double)patients / rate));
            // The commands' code paths compiled and tiered up, as on a silo that has been running a while: at
            // half the rate, so the JIT's background thread gets the CPU it needs (at full load it lags for a minute).
            await LoadGenerator.RunAsync(client, Visit, rate / 2, TimeSpan.FromSeconds(20));
            var commandCost = RuntimeCost.Start();
            var commands = await LoadGenerator.RunAsync(client, Visit, rate, duration);
            var commandCpu = commandCost.Describe(duration, commands.Sent, "command");
            var readCost = RuntimeCost.Start();
            var reads = await LoadGenerator.RunAsync(client, Read, rate, duration);
            var readCpu = readCost.Describe(duration, reads.Sent, "read");
            report.Table(
                ["requests", "sent", "achieved/s", "errors", "p50 (ms)", "p90 (ms)", "p99 (ms)", "max (ms)", "target p99"],
                [
                    ["POST .../visits (command)", Report.F(commands.Sent), Report.F(commands.Achieved), Report.F(commands.Errors), Report.F(commands.P(0.5), "0.0"), Report.F(commands.P(0.9), "0.0"), Report.F(commands.P(0.99), "0.0"), Report.F(commands.P(1), "0.0"), "50 ms"],
                    ["GET .../patients/{id} (read)", Report.F(reads.Sent), Report.F(reads.Achieved), Report.F(reads.Errors), Report.F(reads.P(0.5), "0.0"), Report.F(reads.P(0.9), "0.0"), Report.F(reads.P(0.99), "0.0"), Report.F(reads.P(1), "0.0"), "25 ms"],
                ]);
            var met = commands.P(0.99) <= 50 && reads.P(0.99) <= 25 && commands.Errors + reads.Errors == 0;
            report.Note($"Targets: p99 <= 50 ms for commands and <= 25 ms for reads, no errors ({(met ? "met" : "missed")}). " +
                $"Open-loop load at a fixed {rate:N0} requests/s for {duration.TotalSeconds:0} s each, over {connections} keep-alive connections on loopback, generated in this process " +
                "(HttpClient; it shares the 2 cores with the server). Latency runs from when a request was due to be sent to its last response byte, so a stall counts against every request it delays. " +
                $"Each command carries a new Idempotency-Key and the clinic's API key; {patients:N0} patients were imported first. {database.Durability()}.");
            report.Note($"Cost, counting this process (the silo and the load generator): commands {commandCpu}; reads {readCpu}.");
            report.Write(repository);
        }
    }
}

/// <summary>An open-loop load generator: requests go out on schedule whether or not earlier ones have come back.</summary>
internal static class LoadGenerator
{
    public sealed record Result(int Sent, int Errors, double Achieved, double[] Latencies)
    {
        public double P(double p) => Latencies.Length == 0 ? double.NaN : Latencies[Math.Clamp((int)Math.Ceiling(p * Latencies.Length) - 1, 0, Latencies.Length - 1)];
    }

    public static async Task<Result> RunAsync(HttpClient client, Func<int, HttpRequestMessage> request, int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var errors = 0;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            tasks.Add(SendAsync(i, due));
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return new Result(total, errors, total / elapsed.TotalSeconds, latencies);

        async Task SendAsync(int i, TimeSpan due)
        {
            try
            {
                using var message = request(i);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            latencies[i] = (clock.Elapsed - due).TotalMilliseconds;
        }
    }
}
