using Microsoft.Extensions.DependencyInjection;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>The host's promises on Orleans with the turn filter: one turn at a time, a turn is a transaction, ETag conflicts re-run, idle activations go and reload.</summary>
public abstract class ActorHostTests(StorageProvider provider)
{
    [Fact]
    public async Task Turns_ConcurrentCallers_RunOneAtATime()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("one-at-a-time");

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(counter.IncrementSlowlyAsync)));

        Assert.Equal(100, (await counter.GetAsync()).Count);
        Assert.Equal(1, silo.Probe.MaxConcurrentTurns);
    }

    [Fact]
    public async Task Turns_RunOnCallersThreadsOrQueued_RunOneAtATime()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("inline-and-queued");
        await counter.GetAsync();

        // Quick turns start on their callers' threads whenever the activation is idle; slow ones yield mid-turn.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(i % 2 == 0 ? counter.IncrementAsync : counter.IncrementSlowlyAsync)));

        Assert.Equal(200, (await counter.GetAsync()).Count);
        Assert.Equal(1, silo.Probe.MaxConcurrentTurns);
    }

    [Fact]
    public async Task Turns_DifferentGrains_RunInParallel()
    {
        await using var silo = await TestSilo.StartAsync(provider);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => silo.Grains.GetGrain<ICounterGrain>($"parallel-{i}").IncrementSlowlyAsync()));

        Assert.True(silo.Probe.MaxConcurrentTurns > 1, "Turns of different grains should overlap.");
    }

    [Fact]
    public async Task State_Committed_SurvivesRestart()
    {
        var database = TestDatabase.Create(provider);
        await using (var silo = await TestSilo.StartAsync(provider, database))
        {
            var counter = silo.Grains.GetGrain<ICounterGrain>("durable");
            await counter.IncrementAsync();
            await counter.IncrementAsync();
        }

        await using var restarted = await TestSilo.StartAsync(provider, database);
        Assert.Equal(2, (await restarted.Grains.GetGrain<ICounterGrain>("durable").GetAsync()).Count);
    }

    [Fact]
    public async Task Turn_Throws_CommitsNothing()
    {
        var database = TestDatabase.Create(provider);
        await using (var silo = await TestSilo.StartAsync(provider, database))
        {
            var counter = silo.Grains.GetGrain<ICounterGrain>("throws");
            await counter.IncrementAsync();

            await Assert.ThrowsAsync<InvalidOperationException>(counter.FailAfterChangesAsync);

            Assert.Equal(1, (await counter.GetAsync()).Count);
            Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders"));
            Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox"));
            Assert.Equal(1, silo.Scalar("SELECT etag FROM grain_state WHERE grain_key = 'throws'"));
        }

        await using var restarted = await TestSilo.StartAsync(provider, database);
        Assert.Equal(1, (await restarted.Grains.GetGrain<ICounterGrain>("throws").GetAsync()).Count);
    }

    [Fact]
    public async Task Turn_StaleETag_ReloadsAndReRuns()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("conflict");
        await counter.IncrementAsync();

        // Another writer (as another silo would) moves the grain on behind this activation's back.
        silo.Database.Execute("UPDATE grain_state SET etag = 7, state = @state WHERE grain_key = 'conflict'",
            ("state", System.Text.Encoding.UTF8.GetBytes("""{"count":41}""")));

        var result = await counter.IncrementAsync();

        Assert.Equal(42, result);
        Assert.Equal(8, silo.Scalar("SELECT etag FROM grain_state WHERE grain_key = 'conflict'"));
    }

    [Fact]
    public async Task Read_ChangesNothing_WritesNothing()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("read-only");

        await counter.GetAsync();

        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM grain_state"));
    }

    [Fact]
    public async Task Activations_Collected_ReloadTheirStateOnTheNextCall()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("idle");
        await counter.IncrementAsync();
        Assert.Equal(1, await ActivationsAsync(silo, "idle"));

        await Management(silo).ForceActivationCollection(TimeSpan.Zero);
        await WaitForActivationsAsync(silo, "idle", 0);

        Assert.Equal(2, await counter.IncrementAsync());
    }

    [Fact]
    public async Task DeactivateOnIdle_LeavesMemoryAfterTheTurn_AndTheNextCallReloads()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("once");

        Assert.Equal(1, await counter.IncrementAndDeactivateAsync());
        await WaitForActivationsAsync(silo, "once", 0);

        Assert.Equal(2, await counter.IncrementAsync());
        Assert.Equal(1, await ActivationsAsync(silo, "once"));
    }

    [Fact]
    public async Task DeactivateOnIdle_AmongQueuedCalls_CommitsEveryTurnItAnswers()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("busy");

        // Orleans forwards calls queued behind a deactivation to the next activation, and may refuse one it forwarded
        // too often: that caller hears an error (nothing was committed for it); every answered call was committed once.
        var calls = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                return await (i % 3 == 0 ? counter.IncrementAndDeactivateAsync() : counter.IncrementAsync());
            }
            catch (Orleans.Runtime.OrleansMessageRejectionException)
            {
                return 0;
            }
        })));

        var answered = calls.Where(c => c > 0).Order().ToList();
        Assert.Equal(Enumerable.Range(1, answered.Count), answered);
        Assert.Equal(answered.Count, (await counter.GetAsync()).Count);
    }

    private static Orleans.Runtime.IManagementGrain Management(TestSilo silo) =>
        silo.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<Orleans.Runtime.IManagementGrain>(0);

    private static Task<int> ActivationsAsync(TestSilo silo, string key) =>
        Management(silo).GetGrainActivationCount((Orleans.Runtime.GrainReference)(object)silo.Grains.GetGrain<ICounterGrain>(key));

    /// <summary>Orleans deactivates after the turn that asked, on its own schedule: waits for it, failing after 30 s.</summary>
    private static async Task WaitForActivationsAsync(TestSilo silo, string key, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await ActivationsAsync(silo, key) != count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}

public sealed class SqliteActorHostTests() : ActorHostTests(StorageProvider.Sqlite);

public sealed class PostgresActorHostTests() : ActorHostTests(StorageProvider.Postgres);
