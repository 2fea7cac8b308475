using System.Diagnostics;

namespace Recall.Benchmarks;

internal static partial class Scenarios
{
    private static readonly Recall.Silo.Reminders.ReminderOptions ReminderDefaults = new();

    /// <summary>How long after the seeding the minute of due reminders begins: time for the silo to start.</summary>
    private static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(30);

    /// <summary>2. Lateness: a million reminders stored, one in twenty falling due within one minute.</summary>
    public static async Task LatenessAsync(string repository, Provider[] providers, int? size)
    {
        var total = size ?? 1_000_000;
        var soon = total / 20;
        var window = TimeSpan.FromMinutes(1);
        foreach (var provider in providers)
        {
            Console.WriteLine($"== lateness on {P(provider)}: {total:N0} reminders, {soon:N0} due within {window.TotalSeconds:0} s ==");
            var report = new Report($"lateness-{provider.ToString().ToLowerInvariant()}", $"2. Lateness on {P(provider)}");
            using var database = BenchDatabase.Create(provider, "lateness");
            await (await BenchSilo.StartAsync(database)).DisposeAsync(); // Creates the schema.
            var seeding = Stopwatch.StartNew();
            var now = DateTimeOffset.UtcNow;
            // The rest fall due over the coming year: stored, indexed, never due during the run. They are beyond the
            // horizon an Orleans wake-up is kept for (Reminders:WakeUpHorizon), so, as in the product, only the
            // grains due within the minute have one (Turns/AgendaWakeUps) in Orleans' table.
            Func<int, DateTimeOffset> later = i => now.AddDays(1 + (i % 364)).AddSeconds(i % 86_400);
            ReminderSeed.Seed(database, soon, total - soon, later);
            // The minute begins once the silo has had time to start (it starts after the seeding).
            var start = DateTimeOffset.UtcNow + StartAllowance;
            Func<int, DateTimeOffset> due = i => start + window * i / soon;
            ReminderSeed.Seed(database, 0, soon, due);
            ReminderSeed.SeedWakeUps(database, 0, soon, due);
            Console.WriteLine($"seeded {total:N0} grains, reminders and Orleans wake-ups in {seeding.Elapsed.TotalSeconds:0.0} s; the first falls due at {start:HH:mm:ss.fff}");

            using var meters = new SiloMeters(ReminderSeed.GrainType, recordLateness: true);
            using var orleansReminders = new OrleansReminderEvents();
            var baseline = SiloMemory.Measure(collect: false);
            var starting = Stopwatch.StartNew();
            var silo = await BenchSilo.StartAsync(database);
            var startUp = starting.Elapsed;
            var started = SiloMemory.Measure(collect: false);
            var peak = started.WorkingSet;
            SiloMemory settled;
            SiloMemory ready;
            TimeSpan readyAfter;
            await using (silo)
            {
                // Orleans' reminder service reads its table after the host has started, in the background.
                await Task.WhenAny(orleansReminders.Started, Task.Delay(StartAllowance));
                readyAfter = starting.Elapsed;
                if (!orleansReminders.Started.IsCompleted)
                {
                    report.Note($"Orleans' reminder service had not reported its start {readyAfter.TotalSeconds:0} s after the silo began to start.");
                }

                ready = SiloMemory.Measure(collect: false);

                var deadline = start + window + TimeSpan.FromMinutes(10);
                while (meters.Committed < soon && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(100);
                    peak = Math.Max(peak, SiloMemory.Measure(collect: false).WorkingSet);
                }

                await Task.Delay(500); // Nothing else may fire: checked below.
                settled = SiloMemory.Measure(collect: true);
            }

            var lateness = meters.Lateness.Select(s => s * 1000).Order().ToArray();
            double Pct(double p) => lateness.Length == 0 ? double.NaN : lateness[Math.Min(lateness.Length - 1, (int)Math.Ceiling(p * lateness.Length) - 1)];
            var p50 = Pct(0.50);
            var p99 = Pct(0.99);
            report.Table(
                ["reminders stored", "due in the minute", "fired", "p50 (ms)", "p90 (ms)", "p99 (ms)", "max (ms)"],
                [[Report.F(total), Report.F(soon), Report.F(lateness.Length), Report.F(p50, "0.0"), Report.F(Pct(0.90), "0.0"), Report.F(p99, "0.0"), Report.F(lateness.Length == 0 ? double.NaN : lateness[^1], "0.0")]]);
            report.Note($"Targets: p50 <= 100 ms ({(p50 <= 100 ? "met" : "missed")}), p99 <= 1 s ({(p99 <= 1000 ? "met" : "missed")}). " +
                $"Lateness is from each reminder's due time to the start of its turn (the silo's recall.reminder.lateness, every value kept), real time on the system clock, " +
                $"default settings (Reminders:PollInterval {ReminderDefaults.PollInterval.TotalSeconds:0.###} s, BatchSize {ReminderDefaults.BatchSize:N0}, Parallelism {ReminderDefaults.Parallelism:N0}). The {soon:N0} due reminders are spread evenly over the minute; " +
                $"the other {total - soon:N0} fall due over the next year. {database.Durability()}.");
            report.Table(
                ["silo with 1,000,000 reminders stored", "start-up (s)", "working set", "managed heap"],
                [
                    ["before the silo (this process, seeded)", "", SiloMemory.Mb(baseline.WorkingSet), SiloMemory.Mb(baseline.Heap)],
                    ["started (host.StartAsync returned)", Report.F(startUp.TotalSeconds, "0.0"), SiloMemory.Mb(started.WorkingSet), SiloMemory.Mb(started.Heap)],
                    ["Orleans' reminder service started (its first read of the table done)", Report.F(readyAfter.TotalSeconds, "0.0"), SiloMemory.Mb(ready.WorkingSet), SiloMemory.Mb(ready.Heap)],
                    ["peak while the minute's reminders fired (sampled every 100 ms)", "", SiloMemory.Mb(peak), ""],
                    ["after they fired, full GC", "", SiloMemory.Mb(settled.WorkingSet), SiloMemory.Mb(settled.Heap)],
                ]);
            report.Note($"Start-up is the silo's host.StartAsync, Orleans' lifecycle included, with {total:N0} rows in our reminder table and {soon:N0} in Orleans' (a wake-up for each grain with work due within Reminders:WakeUpHorizon); " +
                $"Orleans' reminder service held {orleansReminders.Loaded:N0} reminders in memory (a timer each: it keeps those due within its loading window, 10 minutes by default, and reads every row of its range at start and at each refresh, every 5 minutes) and fired {orleansReminders.Fired:N0} wake-ups. Our poller asks the same grains to run their due work; whichever comes first runs it, the other finds nothing due. " +
                $"The minute of due reminders began {StartAllowance.TotalSeconds:0} s after the seeding, so a start-up longer than that would show as lateness. The benchmark's own process (the seeding's leftovers) is the first row.");
            if (lateness.Length != soon)
            {
                report.Note($"Fired {lateness.Length:N0} of {soon:N0} reminders.");
            }

            report.Write(repository);
        }
    }
}
