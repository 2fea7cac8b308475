using System.Diagnostics;

namespace Recall.Benchmarks;

/// <summary>The result of draining a backlog of due reminders.</summary>
internal sealed record DrainResult(string System, int Reminders, TimeSpan Elapsed, string Detail)
{
    public double PerSecond => Reminders / Elapsed.TotalSeconds;
}

/// <summary>
/// Our durable reminders, end to end, on the system clock: N grains each with one reminder already
/// due; the silo starts and every reminder fires as a turn that changes the grain's state and
/// queues an outbox row, committed with the reminder's removal. Timed from the silo's start to
/// the last commit.
/// </summary>
internal static class OurReminders
{
    public static async Task<DrainResult> DrainAsync(Provider provider, int count, IDictionary<string, string?>? settings = null)
    {
        using var database = BenchDatabase.Create(provider, "ours");
        await (await BenchSilo.StartAsync(database, settings)).DisposeAsync(); // Creates the schema.
        var due = DateTimeOffset.UtcNow;
        ReminderSeed.Seed(database, count, _ => due);

        using var meters = new SiloMeters(ReminderSeed.GrainType);
        var clock = Stopwatch.StartNew();
        var silo = await BenchSilo.StartAsync(database, settings);
        await using (silo)
        {
            while (meters.Committed < count)
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
            if (outbox != count || left != 0)
            {
                throw new InvalidOperationException($"Expected {count} outbox rows and no reminders left; found {outbox} and {left}.");
            }

            var batching = $", {meters.TurnsPerCommit:0.#} turns per commit" + $", mean turn {meters.MeanTurnMs:0.0} ms";
            return new DrainResult("ours", count, elapsed, $"{database.Durability()}{batching}");
        }
    }
}
