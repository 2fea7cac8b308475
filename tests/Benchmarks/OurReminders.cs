using System.Diagnostics;

namespace Recall.Benchmarks;

/// <summary>The result of draining a backlog of due reminders.</summary>
internal sealed record DrainResult(string System, int Reminders, TimeSpan Elapsed, string Detail)
{
    public double PerSecond => Reminders / Elapsed.TotalSeconds;
}

/// <summary>
/// Our durable reminders, end to end, on the system clock: N grains each with one reminder, all
/// falling due at one instant while the silo runs; every reminder fires as a turn that changes the
/// grain's state and queues an outbox row, committed with the reminder's removal. Timed from the
/// due instant to the last commit, after an untimed warm-up (<see cref="WarmUp"/>).
/// </summary>
internal static class OurReminders
{
    public static async Task<DrainResult> DrainAsync(Provider provider, int count, IDictionary<string, string?>? settings = null)
    {
        using var database = BenchDatabase.Create(provider, "ours");
        await (await BenchSilo.StartAsync(database, settings)).DisposeAsync(); // Creates the schema.
        ReminderSeed.Seed(database, count, _ => DateTimeOffset.UtcNow.AddDays(1)); // Parked a day ahead until the silo runs.

        using var meters = new SiloMeters(ReminderSeed.GrainType);
        var silo = await BenchSilo.StartAsync(database, settings);
        await using (silo)
        {
            // Each round's reminders are due at once; the silo finds them at its next poll of the table.
            var warmUp = await WarmUp.RunAsync(async round =>
            {
                ReminderSeed.Seed(database, count + round * WarmUp.Round, WarmUp.Round, _ => DateTimeOffset.UtcNow);
                while (meters.Committed < (round + 1) * WarmUp.Round)
                {
                    await Task.Delay(5);
                }
            });

            // The silo is up, warm and idle; every reminder falls due at one instant, which it learns from its next poll of the table.
            var due = DateTimeOffset.UtcNow.AddSeconds(2);
            database.Execute($"UPDATE reminders SET due_at = {due.ToUnixTimeMilliseconds()}");
            while (DateTimeOffset.UtcNow < due)
            {
                await Task.Delay(1);
            }

            var cost = RuntimeCost.Start();
            var clock = Stopwatch.StartNew();
            while (meters.Committed < warmUp.Firings + count)
            {
                await Task.Delay(5);
                if (clock.Elapsed > TimeSpan.FromMinutes(30))
                {
                    throw new TimeoutException($"Only {meters.Committed} of {count} reminders fired in 30 minutes.");
                }
            }

            var elapsed = clock.Elapsed;
            var outbox = database.Scalar("SELECT COUNT(*) FROM outbox");
            var left = database.Scalar("SELECT COUNT(*) FROM reminders");
            if (outbox != warmUp.Firings + count || left != 0)
            {
                throw new InvalidOperationException($"Expected {warmUp.Firings + count} outbox rows and no reminders left; found {outbox} and {left}.");
            }

            var batching = $", {meters.TurnsPerCommit:0.#} turns per commit" + $", mean turn {meters.MeanTurnMs:0.0} ms; {cost.Describe(elapsed, count, "reminder")}";
            return new DrainResult("ours", count, elapsed, $"{database.Durability()}{batching}; {warmUp}");
        }
    }
}
