using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>The actor host's promises: one turn at a time, a turn is a transaction, ETag conflicts re-run, idle activations go.</summary>
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
    public async Task Turn_ReadOnIdleActivation_AnswersBeforeTheCallerAwaits()
    {
        if (provider != StorageProvider.Sqlite)
        {
            return; // On a shared database a read may first check the stored ETag (a round trip).
        }

        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("on-caller");
        await counter.IncrementAsync();

        Task<CounterState>? read = null;
        var answeredAtOnce = false;
        await Task.Run(() =>
        {
            read = counter.GetAsync(); // The activation is idle once its caller has heard.
            answeredAtOnce = read.IsCompletedSuccessfully;
        });

        Assert.True(answeredAtOnce, "A synchronous read on an idle activation should run on the calling thread.");
        Assert.Equal(1, (await read!).Count);
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
    public async Task Activations_Idle_AreCollectedAndReload()
    {
        await using var silo = await TestSilo.StartAsync(provider, settings: new Dictionary<string, string?> { ["Silo:IdleTimeout"] = "00:10:00" });
        var counter = silo.Grains.GetGrain<ICounterGrain>("idle");
        await counter.IncrementAsync();
        Assert.Equal(1, silo.Directory.Count);

        silo.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, silo.Directory.CollectIdle());

        silo.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, silo.Directory.CollectIdle());
        Assert.Equal(0, silo.Directory.Count);

        Assert.Equal(2, await counter.IncrementAsync());
    }

    [Fact]
    public async Task DeactivateOnIdle_LeavesMemoryAfterTheTurn_AndTheNextCallReloads()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("once");

        Assert.Equal(1, await counter.IncrementAndDeactivateAsync());
        Assert.Equal(0, silo.Directory.Count);

        Assert.Equal(2, await counter.IncrementAsync());
        Assert.Equal(1, silo.Directory.Count);
    }

    [Fact]
    public async Task DeactivateOnIdle_AmongQueuedCalls_LosesNoTurn()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("busy");

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            i % 3 == 0 ? counter.IncrementAndDeactivateAsync() : counter.IncrementAsync())));

        Assert.Equal(Enumerable.Range(1, 40), results.Order());
        Assert.Equal(40, (await counter.GetAsync()).Count);
    }

    [Fact]
    public async Task Silo_SecondOnSameDatabase_RefusesOnSqliteAndSharesOnPostgres()
    {
        await using var first = await TestSilo.StartAsync(provider);
        if (provider == StorageProvider.Sqlite)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAsync(provider, first.Database));
            Assert.Contains("Another silo is already running", error.Message, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
            return;
        }

        await using var second = await TestSilo.StartAsync(provider, first.Database);
        var onFirst = first.Grains.GetGrain<ICounterGrain>("shared");
        var onSecond = second.Grains.GetGrain<ICounterGrain>("shared");

        // Both silos hold an activation of the same grain and write concurrently: ETags make every turn count once.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? onFirst : onSecond).IncrementAsync()));

        Assert.Equal(50, (await onFirst.GetAsync()).Count);
        Assert.Equal(50, (await onSecond.GetAsync()).Count);
        Assert.Equal(50, first.Scalar("SELECT etag FROM grain_state WHERE grain_key = 'shared'"));
    }
}

public sealed class SqliteActorHostTests() : ActorHostTests(StorageProvider.Sqlite);

public sealed class PostgresActorHostTests() : ActorHostTests(StorageProvider.Postgres);
