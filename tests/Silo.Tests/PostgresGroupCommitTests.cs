using Microsoft.Extensions.DependencyInjection;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;

namespace Recall.Silo.Tests;

/// <summary>
/// On PostgreSQL the turns committing together share one batch, checked on the server: a turn whose
/// guarded write finds the row moved (a stale ETag, an idempotency key already taken, an outbox
/// outcome already recorded) fails alone, and writes nothing; the others commit.
/// </summary>
public sealed class PostgresGroupCommitTests
{
    private static readonly DateTimeOffset At = TestSilo.Start;

    [Fact]
    public async Task Group_StaleTurnsAmongThem_FailAlone_TheOthersCommit()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Postgres);
        var store = silo.Services.GetRequiredService<IGrainStore>();
        await store.CommitAsync(Commit("moved", expectedETag: 0, withReminder: false), CancellationToken.None);
        await store.CommitAsync(Commit("keyholder", expectedETag: 0, idempotencyKey: "taken", withReminder: false), CancellationToken.None);
        silo.Database.Execute("""
            INSERT INTO outbox (grain_type, grain_key, tenant, message_key, channel, recipient, body, created_at, next_attempt_at, status)
            VALUES ('probe', 'sender', 't', 'm-1', 'sms', '+48600000000', 'hi', 0, 0, 'sent')
            """);
        var sentId = silo.Scalar("SELECT id FROM outbox WHERE message_key = 'm-1'");

        var commits = Enumerable.Range(0, 40).Select(n => Commit($"fresh-{n:00}", expectedETag: 0))
            .Append(Commit("moved", expectedETag: 5))
            .Append(Commit("late", expectedETag: 0, idempotencyKey: "taken"))
            .Append(Commit("sender", expectedETag: 0, completed: new OutboxResult(sentId, "m-1", "sms", OutboxOutcome.Sent, At, 1)))
            .Select(commit => store.CommitAsync(commit, CancellationToken.None))
            .ToList();

        await Assert.ThrowsAsync<ETagConflictException>(() => commits[40]);
        await Assert.ThrowsAsync<ETagConflictException>(() => commits[41]);
        await Assert.ThrowsAsync<StaleOutboxResultException>(() => commits[42]);
        await Task.WhenAll(commits.Take(40));
        Assert.Equal(40, silo.Scalar("SELECT COUNT(*) FROM grain_state WHERE grain_key LIKE 'fresh-%'"));
        Assert.Equal(40, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key LIKE 'fresh-%'"));
        Assert.Equal(1, silo.Scalar("SELECT etag FROM grain_state WHERE grain_key = 'moved'"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM grain_state WHERE grain_key IN ('late', 'sender')"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key IN ('moved', 'late', 'sender')"));
    }

    [Fact]
    public async Task Group_OfUpdates_WritesEveryKindOfRow_AndKeepsEachTurnsMessagesInOrder()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Postgres);
        var store = silo.Services.GetRequiredService<IGrainStore>();
        var keys = Enumerable.Range(0, 30).Select(n => $"busy-{n:00}").ToList();
        var twoReminders = new Dictionary<string, ReminderEntry?>
        {
            ["moves"] = new ReminderEntry("moves", At.AddDays(1), null),
            ["goes"] = new ReminderEntry("goes", At.AddDays(2), TimeSpan.FromDays(7)),
        };
        await Task.WhenAll(keys.Select(key => store.CommitAsync(Commit(key, 0) with { ReminderChanges = twoReminders }, CancellationToken.None)));

        var changes = new Dictionary<string, ReminderEntry?> { ["moves"] = new ReminderEntry("moves", At.AddDays(30), null), ["goes"] = null };
        var commits = keys.Select(key => Commit(key, expectedETag: 1, idempotencyKey: $"visit-{key}") with
            {
                ReminderChanges = changes,
                Outbox = [new OutboxMessage("sms", "first", "+48600000001", "one"), new OutboxMessage("email", "second", "a@example.com", "two", "Subject")],
            })
            .Append(Commit("busy-00", expectedETag: 7))
            .Select(commit => store.CommitAsync(commit, CancellationToken.None))
            .ToList();

        await Assert.ThrowsAsync<ETagConflictException>(() => commits[^1]);
        await Task.WhenAll(commits.SkipLast(1));
        Assert.Equal(30, silo.Scalar("SELECT COUNT(*) FROM grain_state WHERE grain_key LIKE 'busy-%' AND etag = 2"));
        Assert.Equal(30, silo.Scalar($"SELECT COUNT(*) FROM reminders WHERE grain_key LIKE 'busy-%' AND name = 'moves' AND due_at = {At.AddDays(30).ToUnixTimeMilliseconds()}"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key LIKE 'busy-%' AND name = 'goes'"));
        Assert.Equal(30, silo.Scalar("SELECT COUNT(*) FROM inbox WHERE idem_key LIKE 'visit-busy-%'"));
        Assert.Equal(60, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE grain_key LIKE 'busy-%'"));
        Assert.Equal(30, silo.Scalar("""
            SELECT COUNT(*) FROM outbox f JOIN outbox s ON s.grain_key = f.grain_key AND s.message_key = 'second' AND s.subject = 'Subject'
            WHERE f.message_key = 'first' AND f.subject IS NULL AND f.id < s.id
            """));
    }

    [Fact]
    public async Task GroupLoad_OfSeveralTypes_GivesEachGrainItsOwnRows()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Postgres);
        var store = silo.Services.GetRequiredService<IGrainStore>();
        GrainId[] grains = [new("alpha", "k1"), new("alpha", "k2"), new("beta", "k1"), new("beta", "k2")];
        foreach (var (grain, n) in grains.Select((g, n) => (g, n)))
        {
            var reminders = new Dictionary<string, ReminderEntry?> { [grain.Type] = new ReminderEntry(grain.Type, At.AddDays(n + 1), null) };
            await store.CommitAsync(new GrainCommit(grain, 0, [(byte)n], reminders, [], [], [], null, null, At, null), CancellationToken.None);
        }

        // alpha/k1 and beta/k2 load together: each gets its own rows, not those of alpha/k2 or beta/k1, whose type and key they share crosswise.
        var loads = await Task.WhenAll(new[] { grains[0], grains[3], new GrainId("alpha", "absent") }.Select(g => store.LoadAsync(g, CancellationToken.None)));

        Assert.Equal([(byte)0], loads[0]!.State);
        Assert.Equal(At.AddDays(1), Assert.Single(loads[0]!.Reminders).DueAt);
        Assert.Equal([(byte)3], loads[1]!.State);
        Assert.Equal(At.AddDays(4), Assert.Single(loads[1]!.Reminders).DueAt);
        Assert.Null(loads[2]);
    }

    /// <summary>A turn that writes its state and, unless told not to, a reminder.</summary>
    private static GrainCommit Commit(string key, long expectedETag, string? idempotencyKey = null, OutboxResult? completed = null, bool withReminder = true)
    {
        var id = new GrainId("probe", key);
        var reminders = withReminder
            ? new Dictionary<string, ReminderEntry?> { ["recall"] = new ReminderEntry("recall", At.AddMonths(6), null) }
            : [];
        var inbox = idempotencyKey is null ? null : new InboxRecord("probe", idempotencyKey, "hash", id, "Touch", null);
        return new GrainCommit(id, expectedETag, "{}"u8.ToArray(), reminders, [], [], [], inbox, completed, At, null);
    }
}
