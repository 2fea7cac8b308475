using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>Durable reminders: fire on time as turns, once per occurrence, and after a restart for what fell due meanwhile.</summary>
public abstract class ReminderTests(StorageProvider provider)
{
    [Fact]
    public async Task Reminder_OneShot_FiresAtItsDueTimeOnce()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("one-shot");
        var due = silo.Clock.GetUtcNow().AddHours(1);
        await counter.RegisterReminderAsync("ping", due, null);

        await silo.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Empty((await counter.GetAsync()).Occurrences);

        await silo.AdvanceAsync(TimeSpan.FromHours(2));

        var state = await counter.GetAsync();
        Assert.Equal([$"ping@{due.ToUnixTimeMilliseconds()}"], state.Occurrences);
        Assert.Equal([due], state.FiredAt); // The manual clock stops at the due time: lateness is zero.
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders"));
    }

    [Fact]
    public async Task Reminder_Periodic_FiresEveryOccurrence()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("periodic");
        var first = silo.Clock.GetUtcNow().AddDays(1);
        await counter.RegisterReminderAsync("daily", first, TimeSpan.FromDays(1));

        await silo.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));

        var state = await counter.GetAsync();
        Assert.Equal([first, first.AddDays(1), first.AddDays(2)], state.FiredAt);
        Assert.Equal(3, state.Occurrences.Distinct().Count());
        Assert.Equal(first.AddDays(3).ToUnixTimeMilliseconds(), silo.Scalar("SELECT due_at FROM reminders WHERE name = 'daily'"));
    }

    [Fact]
    public async Task Reminder_DueTimeFinerThanAMillisecond_StillFires()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("fine");
        await counter.RegisterReminderAsync("ping", silo.Clock.GetUtcNow().AddMinutes(1).AddTicks(1234), null);

        await silo.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Single((await counter.GetAsync()).Occurrences);
    }

    [Fact]
    public async Task Reminder_AYearAway_FiresAfterAYear()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("yearly");
        var due = silo.Clock.GetUtcNow().AddYears(1);
        await counter.RegisterReminderAsync("anniversary", due, null);

        await silo.AdvanceAsync(TimeSpan.FromDays(364));
        Assert.Empty((await counter.GetAsync()).FiredAt);
        await silo.AdvanceAsync(TimeSpan.FromDays(2));

        Assert.Equal([due], (await counter.GetAsync()).FiredAt);
    }

    [Fact]
    public async Task Reminder_Unregistered_DoesNotFire()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("cancelled");
        await counter.RegisterReminderAsync("ping", silo.Clock.GetUtcNow().AddMinutes(5), null);
        await counter.UnregisterReminderAsync("ping");

        await silo.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Empty((await counter.GetAsync()).Occurrences);
    }

    [Fact]
    public async Task Reminder_Moved_FiresAtTheNewTimeOnly()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("moved");
        var start = silo.Clock.GetUtcNow();
        await counter.RegisterReminderAsync("ping", start.AddMinutes(5), null);
        await counter.RegisterReminderAsync("ping", start.AddMinutes(30), null);

        await silo.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal([start.AddMinutes(30)], (await counter.GetAsync()).FiredAt);
    }

    [Fact]
    public async Task Reminder_DueWhileStopped_FiresAfterRestart()
    {
        var database = TestDatabase.Create(provider);
        var due = TestSilo.Start.AddHours(1);
        await using (var silo = await TestSilo.StartAsync(provider, database))
        {
            await silo.Grains.GetGrain<ICounterGrain>("sleeper").RegisterReminderAsync("wake", due, null);
        }

        // The silo is down while the reminder falls due; it comes back three hours later (system time has moved on).
        await using var restarted = await TestSilo.StartAsync(provider, database, clockStart: TestSilo.Start.AddHours(4));
        await restarted.Probe.WaitUntilAsync(p => p.Ticks.Count == 1);

        var state = await restarted.Grains.GetGrain<ICounterGrain>("sleeper").GetAsync();
        Assert.Equal([$"wake@{due.ToUnixTimeMilliseconds()}"], state.Occurrences);
        Assert.Equal(0, restarted.Scalar("SELECT COUNT(*) FROM reminders"));
    }

    [Fact]
    public async Task Reminder_TurnFails_FiresAgainLaterAndOnlyOnce()
    {
        await using var silo = await TestSilo.StartAsync(provider, settings: new Dictionary<string, string?>
        {
            ["Reminders:RetryDelay"] = "00:00:00.100",
            ["Storage:Postgres:ClaimLease"] = "00:00:01",
            ["Storage:Postgres:RenewEvery"] = "00:00:00.200",
        });
        var counter = silo.Grains.GetGrain<ICounterGrain>("retried");
        await counter.RegisterReminderAsync("fails-once", silo.Clock.GetUtcNow().AddMinutes(1), null);

        await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
        await silo.Probe.WaitUntilAsync(p => p.Ticks.Count == 1); // The failed occurrence's claim runs out; the loop fires it again.

        Assert.Single((await counter.GetAsync()).Occurrences);
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders"));
    }

    [Fact]
    public async Task Reminder_ThousandGrains_EachFiresOnce()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var due = silo.Clock.GetUtcNow().AddMinutes(10);
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            silo.Grains.GetGrain<ICounterGrain>($"many-{i}").RegisterReminderAsync("ping", due.AddSeconds(i % 60), null)));

        await silo.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(1000, silo.Probe.Ticks.Count);
        Assert.Equal(1000, silo.Probe.Ticks.Select(t => t.Grain).Distinct().Count());
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders"));
    }
}

public sealed class SqliteReminderTests() : ReminderTests(StorageProvider.Sqlite);

public sealed class PostgresReminderTests() : ReminderTests(StorageProvider.Postgres);
