using Recall.Grains.Hosting;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>Commands with an idempotency key are applied once; the stored result answers repeats, even after a restart.</summary>
public abstract class InboxTests(StorageProvider provider)
{
    [Fact]
    public async Task Command_SameKeyTwice_AppliedOnceAndSameResult()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("idempotent");

        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        var first = await counter.IncrementAsync();
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        var second = await counter.IncrementAsync();

        Assert.Equal(1, first);
        Assert.Equal(1, second);
        Assert.Equal(1, (await counter.GetAsync()).Count);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM inbox"));
    }

    [Fact]
    public async Task Command_SameKeyOtherRequest_IsRejected()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("reused");
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        await counter.IncrementAsync();

        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-2");
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(counter.IncrementAsync);

        Assert.Equal(1, (await counter.GetAsync()).Count);
    }

    [Fact]
    public async Task Command_KeyScopedByClinic_OtherClinicMayUseIt()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        await silo.Grains.GetGrain<ICounterGrain>("a").IncrementAsync();
        RequestContext.SetIdempotencyKey("clinic-b", "key-1", "hash-1");
        await silo.Grains.GetGrain<ICounterGrain>("b").IncrementAsync();

        Assert.Equal(2, silo.Scalar("SELECT COUNT(*) FROM inbox"));
    }

    [Fact]
    public async Task Command_RetriedAfterRestart_IsNotAppliedAgain()
    {
        var database = TestDatabase.Create(provider);
        await using (var silo = await TestSilo.StartAsync(provider, database))
        {
            RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
            await silo.Grains.GetGrain<ICounterGrain>("restart").IncrementAsync();
        }

        await using var restarted = await TestSilo.StartAsync(provider, database);
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        Assert.Equal(1, await restarted.Grains.GetGrain<ICounterGrain>("restart").IncrementAsync());
        Assert.Equal(1, (await restarted.Grains.GetGrain<ICounterGrain>("restart").GetAsync()).Count);
    }

    [Fact]
    public async Task Command_KeyIsConsumedByOneCall()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("consumed");
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        await counter.IncrementAsync();

        Assert.Equal(2, await counter.IncrementAsync()); // No key: an ordinary call.
    }
}

public sealed class SqliteInboxTests() : InboxTests(StorageProvider.Sqlite);

public sealed class PostgresInboxTests() : InboxTests(StorageProvider.Postgres);
