namespace Recall.Benchmarks;

/// <summary>The scenarios of issue #6, each printing its table and writing its section of docs/benchmarks.md.</summary>
internal static partial class Scenarios
{
    private static string P(Provider provider) => provider == Provider.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>1. Durable reminders end to end, ours against Quartz.NET on the same database, in one run.</summary>
    public static async Task RemindersAsync(string repository, Provider[] providers, int? size)
    {
        // Quartz drains at most 8,000, which takes it well under a minute here, inside its default 60 s
        // misfire threshold. Ours drains five times as many, so its timed part lasts seconds, not half
        // of one: the rates are compared, not the times.
        var count = size ?? 40_000;
        var quartzCount = Math.Min(count, 8_000);
        foreach (var provider in providers)
        {
            var report = new Report($"reminders-{provider.ToString().ToLowerInvariant()}", $"1. Durable reminders end to end on {P(provider)}: ours vs Quartz.NET");
            Console.WriteLine($"== reminders on {P(provider)}, {count:N0} (Quartz: {quartzCount:N0}) falling due at one instant ==");
            var ours = await OurReminders.DrainAsync(provider, count);
            Console.WriteLine($"ours: {ours.PerSecond:N0}/s");
            var quartz = await QuartzPeer.DrainAsync(provider, quartzCount);
            Console.WriteLine($"quartz: {quartz.PerSecond:N0}/s");
            var target = provider == Provider.Sqlite ? 5_000 : 3_000;
            var ratio = ours.PerSecond / quartz.PerSecond;
            report.Table(
                ["system", "reminders", "elapsed (s)", "reminders/s", "vs Quartz"],
                [
                    [ours.System, Report.F(count), Report.F(ours.Elapsed.TotalSeconds, "0.00"), Report.F(ours.PerSecond), Report.F(ratio, "0.0") + "x"],
                    [quartz.System, Report.F(quartzCount), Report.F(quartz.Elapsed.TotalSeconds, "0.00"), Report.F(quartz.PerSecond), "1.0x"],
                ]);
            report.Note($"Targets: at least 20x Quartz ({(ratio >= 20 ? "met" : "missed")}: {ratio:0.0}x) and at least {target:N0} reminders/s ({(ours.PerSecond >= target ? "met" : "missed")}: {ours.PerSecond:N0}/s).");
            report.Note($"Each reminder: its grain is activated (state and reminders read), the turn changes the state and queues one outbox row, and one transaction commits the state (ETag-checked), the outbox row and the reminder's removal. " +
                $"All the reminders ({count:N0} for ours, {quartzCount:N0} for Quartz) fall due at one instant while the silo (or the scheduler) is running and idle; timed from that instant to the last commit, real time (system clock). Ours: {ours.Detail}. Quartz: {quartz.Detail}.");
            report.Note($"Quartz settings: {QuartzPeer.Settings}. Its job opens a pooled connection and in one transaction updates the patient's state row and inserts an outbox row.");
            report.Write(repository);
        }
    }

    /// <summary>3. The physical limit: the database's raw commit rates, and our reminder throughput as a fraction of them, in one run.</summary>
    public static async Task LimitAsync(string repository, Provider[] providers, int? size)
    {
        var count = size ?? 10_000;
        foreach (var provider in providers)
        {
            Console.WriteLine($"== commit limit on {P(provider)} ==");
            var report = new Report($"limit-{provider.ToString().ToLowerInvariant()}", $"3. The physical limit on {P(provider)}");
            var rates = await CommitLimit.MeasureAsync(provider);
            var ours = await OurReminders.DrainAsync(provider, count);
            var batched = rates.Single(r => r.What.StartsWith("batched:", StringComparison.Ordinal)).PerSecond;
            var shaped = rates.Single(r => r.What.StartsWith("batched reminder", StringComparison.Ordinal)).PerSecond;
            var rows = rates.Select(r => new[] { r.What, Report.F(r.PerSecond), r.Unit }).ToList();
            rows.Add([$"our reminders end to end ({count:N0} falling due at one instant)", Report.F(ours.PerSecond), "reminders/s"]);
            report.Table(["measurement", "rate", "unit"], rows);
            report.Note($"Our reminder throughput is {ours.PerSecond / batched:P1} of the batched row rate and {ours.PerSecond / shaped:P1} of the batched reminder-shaped rate (plain ADO.NET, one connection, prepared statements, no silo). {ours.Detail}.");
            report.Write(repository);
        }
    }
}
