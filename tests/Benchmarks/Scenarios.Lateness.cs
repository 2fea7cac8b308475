using System.Diagnostics;

namespace Recall.Benchmarks;

internal static partial class Scenarios
{
    private static readonly Recall.Silo.Reminders.ReminderOptions ReminderDefaults = new();

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
            // The rest fall due over the coming year: stored, indexed, never due during the run.
            ReminderSeed.Seed(database, soon, total - soon, i => now.AddDays(1 + (i % 364)).AddSeconds(i % 86_400));
            var start = DateTimeOffset.UtcNow.AddSeconds(5);
            ReminderSeed.Seed(database, 0, soon, i => start + window * i / soon);
            Console.WriteLine($"seeded {total:N0} grains and reminders in {seeding.Elapsed.TotalSeconds:0.0} s; the first falls due at {start:HH:mm:ss.fff}");

            using var meters = new SiloMeters(ReminderSeed.GrainType, recordLateness: true);
            await using (var silo = await BenchSilo.StartAsync(database))
            {
                var deadline = start + window + TimeSpan.FromMinutes(10);
                while (meters.Committed < soon && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                await Task.Delay(500); // Nothing else may fire: checked below.
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
            if (lateness.Length != soon)
            {
                report.Note($"Fired {lateness.Length:N0} of {soon:N0} reminders.");
            }

            report.Write(repository);
        }
    }
}
