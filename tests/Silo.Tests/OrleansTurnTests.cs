using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// What ActorHostTests and InboxTests do not already show of a turn on Orleans: the grain is an
/// Orleans activation under its stored type name, its state and its messages commit together, and
/// reads of a grain that has written write nothing.
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
    public async Task Read_WritesNothing()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var tally = silo.Grains.GetGrain<ITallyGrain>("read");
        await tally.AddAsync(1);

        await tally.GetAsync();
        await tally.GetAsync();

        Assert.Equal(1, silo.Scalar("SELECT etag FROM grain_state WHERE grain_type = 'test-tally' AND grain_key = 'read'"));
    }
}

public sealed class SqliteOrleansTurnTests() : OrleansTurnTests(StorageProvider.Sqlite);

public sealed class PostgresOrleansTurnTests() : OrleansTurnTests(StorageProvider.Postgres);
