using Microsoft.Extensions.DependencyInjection;
using Recall.Grains.Hosting;
using Recall.Silo.Outbox;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>The outbox: sent after commit, never twice for one step, retried with backoff, and the outcome goes back to the grain.</summary>
public abstract class OutboxTests(StorageProvider provider)
{
    [Fact]
    public async Task Message_Sent_IsRecordedAndReportedToTheGrain()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("sender");

        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);

        var result = Assert.Single((await counter.GetAsync()).Results);
        Assert.Equal(OutboxOutcome.Sent, result.Outcome);
        Assert.Equal("step-1", result.MessageKey);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"));
    }

    [Fact]
    public async Task Message_SameStepTwice_IsSentOnce()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("repeat");

        await counter.SendAsync("sms", "step-1");
        await counter.SendAsync("sms", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
    }

    [Fact]
    public async Task Message_NotBefore_WaitsForItsTime()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("later");
        var at = silo.Clock.GetUtcNow().AddHours(3);

        await counter.SendAsync("sms", "morning", at);
        await silo.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));

        await silo.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(at.ToUnixTimeMilliseconds(), silo.Scalar("SELECT sent_at FROM sandbox_messages"));
    }

    private static readonly SendWindow Warsaw = new("Europe/Warsaw", new TimeOnly(8, 0), new TimeOnly(21, 0));

    [Fact]
    public async Task Message_BeforeItsWindowOpens_WaitsForIt()
    {
        await using var silo = await TestSilo.StartAsync(provider); // 06:00 UTC: 07:00 in Warsaw.
        var counter = silo.Grains.GetGrain<ICounterGrain>("early");

        await counter.SendAsync("sms", "step-1", window: Warsaw);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));

        await silo.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(TestSilo.Start.AddHours(1).ToUnixTimeMilliseconds(), silo.Scalar("SELECT sent_at FROM sandbox_messages"));
        Assert.Equal(1, Assert.Single((await counter.GetAsync()).Results).Attempts);
    }

    [Fact]
    public async Task Message_RetryFallingAfterClosingTime_WaitsForTheMorning()
    {
        var flaky = new FlakyChannel("flaky", transientFailures: 1);
        var justBeforeNine = new DateTimeOffset(2026, 1, 5, 19, 59, 55, TimeSpan.Zero); // 20:59:55 in Warsaw.
        await using var silo = await TestSilo.StartAsync(provider, clockStart: justBeforeNine, services: s => s.AddSingleton<IOutboxChannel>(flaky));
        var counter = silo.Grains.GetGrain<ICounterGrain>("late");

        await counter.SendAsync("flaky", "step-1", window: Warsaw);
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        var result = Assert.Single((await counter.GetAsync()).Results);
        Assert.Equal((OutboxOutcome.Sent, 2), (result.Outcome, result.Attempts));
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 7, 0, 0, TimeSpan.Zero), result.At); // 08:00 the next morning, not 21:00:05.
    }

    [Fact]
    public async Task Message_TransientFailures_AreRetriedWithBackoff()
    {
        var flaky = new FlakyChannel("flaky", transientFailures: 2);
        await using var silo = await TestSilo.StartAsync(provider, services: s => s.AddSingleton<IOutboxChannel>(flaky));
        var counter = silo.Grains.GetGrain<ICounterGrain>("retry");

        await counter.SendAsync("flaky", "step-1");
        await silo.AdvanceAsync(TimeSpan.Zero);
        Assert.Equal(1, flaky.Calls);
        Assert.True(silo.Scalar("SELECT next_attempt_at FROM outbox") > silo.Clock.GetUtcNow().ToUnixTimeMilliseconds(), "The retry waits.");

        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(3, flaky.Calls);
        var result = Assert.Single((await counter.GetAsync()).Results);
        Assert.Equal(OutboxOutcome.Sent, result.Outcome);
        Assert.Equal(3, result.Attempts);
    }

    [Fact]
    public async Task Message_PermanentFailure_IsNotRetriedAndTheGrainHears()
    {
        var broken = new FlakyChannel("broken", 0, permanent: true);
        await using var silo = await TestSilo.StartAsync(provider, services: s => s.AddSingleton<IOutboxChannel>(broken));
        var counter = silo.Grains.GetGrain<ICounterGrain>("permanent");

        await counter.SendAsync("broken", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(1, broken.Calls);
        var result = Assert.Single((await counter.GetAsync()).Results);
        Assert.Equal(OutboxOutcome.Failed, result.Outcome);
        Assert.Contains("21211", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'failed'"));
    }

    [Fact]
    public async Task Message_GivenUp_AfterMaxAttempts()
    {
        var flaky = new FlakyChannel("flaky", transientFailures: int.MaxValue);
        await using var silo = await TestSilo.StartAsync(provider, 
            services: s => s.AddSingleton<IOutboxChannel>(flaky),
            settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "4" });
        var counter = silo.Grains.GetGrain<ICounterGrain>("give-up");

        await counter.SendAsync("flaky", "step-1");
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(4, flaky.Calls);
        Assert.Equal(OutboxOutcome.Failed, Assert.Single((await counter.GetAsync()).Results).Outcome);
    }

    [Fact]
    public async Task Message_PendingAtShutdown_IsSentAfterRestartOnce()
    {
        var database = TestDatabase.Create(provider);
        var at = TestSilo.Start.AddHours(1);
        await using (var silo = await TestSilo.StartAsync(provider, database))
        {
            await silo.Grains.GetGrain<ICounterGrain>("pending").SendAsync("sms", "step-1", at);
        }

        await using var restarted = await TestSilo.StartAsync(provider, database, clockStart: TestSilo.Start.AddHours(2));
        await restarted.Probe.WaitUntilAsync(p => p.Results.Count == 1);
        await restarted.Grains.GetGrain<ICounterGrain>("pending").GetAsync(); // Queued behind the result's turn: its commit is done.

        Assert.Equal(1, restarted.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
        Assert.Equal(1, restarted.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"));
    }
}

public sealed class SqliteOutboxTests() : OutboxTests(StorageProvider.Sqlite);

public sealed class PostgresOutboxTests() : OutboxTests(StorageProvider.Postgres);
