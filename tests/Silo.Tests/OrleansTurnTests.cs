using Recall.Grains.Hosting;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// A grain on Orleans keeps the host's promises through the silo's turn filter: a call is one
/// transaction (state, outbox, inbox), a call that throws leaves no trace, calls run one at a time,
/// and an idempotent command is applied once.
/// </summary>
public abstract class OrleansTurnTests(StorageProvider provider)
{
    [Fact]
    public async Task Call_RunsOnOrleans_AndItsStateSurvivesARestart()
    {
        var database = TestDatabase.Create(provider);
        await using (var silo = await TestSilo.StartAsync(provider, database))
        {
            var tally = silo.Grains.GetGrain<ITallyGrain>("restart");
            Assert.Equal("test-tally/restart", await tally.GetOrleansIdAsync());
            await tally.AddAsync(5);
        }

        await using var again = await TestSilo.StartAsync(provider, database);
        Assert.Equal(new TallyView(5, 1), await again.Grains.GetGrain<ITallyGrain>("restart").GetAsync());
    }

    [Fact]
    public async Task Call_StateAndOutboxMessage_CommitTogether()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("with-message");

        await tally.AddAndSendAsync(2, "total-2");

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE grain_type = 'test-tally' AND grain_key = 'with-message' AND message_key = 'total-2'"));
        // The message's outcome comes back as a turn of its own (a second commit): the ETag is 1 or 2 by now.
        Assert.InRange(silo.Scalar("SELECT etag FROM grain_state WHERE grain_type = 'test-tally' AND grain_key = 'with-message'"), 1, 2);
        Assert.Equal(new TallyView(2, 1), await tally.GetAsync());
    }

    [Fact]
    public async Task Call_ThatThrows_LeavesNoTraceInMemoryOrStorage()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("fails");
        await tally.AddAsync(1);

        await Assert.ThrowsAsync<InvalidOperationException>(tally.FailAfterChangesAsync);

        Assert.Equal(new TallyView(1, 1), await tally.GetAsync());
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key = 'never'"));
        Assert.Equal(1, silo.Scalar("SELECT etag FROM grain_state WHERE grain_type = 'test-tally' AND grain_key = 'fails'"));
    }

    [Fact]
    public async Task Read_WritesNothing()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("read");
        await tally.AddAsync(1);

        await tally.GetAsync();
        await tally.GetAsync();

        Assert.Equal(1, silo.Scalar("SELECT etag FROM grain_state WHERE grain_type = 'test-tally' AND grain_key = 'read'"));
    }

    [Fact]
    public async Task ConcurrentCalls_RunOneAtATime()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("one-at-a-time");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(tally.AddSlowlyAsync)));

        Assert.Equal(50, (await tally.GetAsync()).Total);
        Assert.Equal(1, silo.Probe.MaxConcurrentTurns);
    }

    [Fact]
    public async Task Command_WithAnIdempotencyKey_IsAppliedOnce_AndAnsweredAgainFromTheInbox()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("idempotent");

        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        var first = await tally.AddAsync(3);
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        var repeat = await tally.AddAsync(3);

        Assert.Equal(new TallyView(3, 1), first);
        Assert.Equal(first, repeat);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM inbox WHERE idem_key = 'key-1'"));
        // The key went with one call only: the next call without one is applied.
        Assert.Equal(new TallyView(6, 2), await tally.AddAsync(3));
    }

    [Fact]
    public async Task Command_SameKeyOtherRequest_IsRejected_AndChangesNothing()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("reused");
        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-1");
        await tally.AddAsync(1);

        RequestContext.SetIdempotencyKey("clinic-a", "key-1", "hash-2");
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => tally.AddAsync(1));

        Assert.Equal(new TallyView(1, 1), await tally.GetAsync());
    }
}

public sealed class SqliteOrleansTurnTests() : OrleansTurnTests(StorageProvider.Sqlite);

public sealed class PostgresOrleansTurnTests() : OrleansTurnTests(StorageProvider.Postgres);
