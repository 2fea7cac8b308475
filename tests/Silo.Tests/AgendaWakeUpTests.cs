using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// On the system clock, a grain with work due soon keeps one Orleans reminder that wakes it: registered
/// before the commit that needs it, at the due time, and gone once nothing is due soon. Work further
/// ahead has none: the silo's poll of the agenda runs it.
/// </summary>
public abstract class AgendaWakeUpTests(StorageProvider provider)
{
    private static readonly Dictionary<string, string?> SystemClock = new() { ["Clock:Mode"] = "System" };

    [Fact]
    public async Task DueWork_HasOneOrleansWakeUpAtItsTime_ThatGoesOnceItRan()
    {
        await using var silo = await TestSilo.StartAsync(provider, settings: SystemClock);
        var tally = silo.Grains.GetGrain<ITallyGrain>("woken");
        var due = DateTimeOffset.UtcNow.AddSeconds(3);

        await tally.RemindAsync("ping", due);

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM orleans_reminders WHERE reminder_name = 'agenda'"));
        await silo.Probe.WaitUntilAsync(p => p.Ticks.Any(t => t.Grain == "woken"));
        Assert.Equal(1, (await tally.GetAsync()).Total);
        Assert.Equal($"ping@{due.ToUnixTimeMilliseconds()}", silo.Probe.Ticks.Single(t => t.Grain == "woken").Tick.OccurrenceId);
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key = 'woken'"));
        // Whoever ran it (the Orleans reminder, or the silo's poller a moment earlier), the wake-up removes itself on its tick.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (silo.Scalar("SELECT COUNT(*) FROM orleans_reminders WHERE reminder_name = 'agenda'") != 0)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task EarlierWork_MovesTheOneWakeUp_ToTheEarliestDueItem()
    {
        await using var silo = await TestSilo.StartAsync(provider, settings: SystemClock);
        var tally = silo.Grains.GetGrain<ITallyGrain>("two");
        var near = DateTimeOffset.UtcNow.AddMinutes(20); // Both within the hour a wake-up is kept for.

        await tally.RemindAsync("far", DateTimeOffset.UtcNow.AddMinutes(50));
        await tally.RemindAsync("near", near);

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM orleans_reminders WHERE reminder_name = 'agenda'"));
        var wakeUp = DateTimeOffset.FromUnixTimeMilliseconds(silo.Scalar(provider == StorageProvider.Sqlite
            ? "SELECT start_at FROM orleans_reminders"
            : "SELECT (extract(epoch FROM start_time) * 1000)::bigint FROM orleans_reminders"));
        Assert.InRange(wakeUp, near.AddSeconds(-5), near.AddSeconds(1)); // Orleans adds the due time to its own reading of the clock.
    }

    [Fact]
    public async Task WorkDueBeyondTheHorizon_HasNoOrleansWakeUp_AndThePollRunsItAtItsTime()
    {
        await using var silo = await TestSilo.StartAsync(provider, settings: new Dictionary<string, string?>(SystemClock) { ["Reminders:WakeUpHorizon"] = "00:00:01" });
        var tally = silo.Grains.GetGrain<ITallyGrain>("later");
        var due = DateTimeOffset.UtcNow.AddSeconds(3);

        await tally.RemindAsync("ping", due);

        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM orleans_reminders"));
        await silo.Probe.WaitUntilAsync(p => p.Ticks.Any(t => t.Grain == "later"));
        Assert.Equal(1, (await tally.GetAsync()).Total); // After the tick's turn has committed.
        Assert.Equal($"ping@{due.ToUnixTimeMilliseconds()}", silo.Probe.Ticks.Single(t => t.Grain == "later").Tick.OccurrenceId);
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM orleans_reminders"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key = 'later'"));
    }
}

public sealed class SqliteAgendaWakeUpTests() : AgendaWakeUpTests(StorageProvider.Sqlite);

public sealed class PostgresAgendaWakeUpTests() : AgendaWakeUpTests(StorageProvider.Postgres);
