using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Recall.Silo.Storage.Sqlite;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// Orleans' reminder table contract on the embedded database: etags that move on every upsert and guard removes,
/// ring ranges (begin, end] with wrap-around, and rows kept apart by service id; and Orleans' own reminder service
/// running on it. One silo (with the table registered) serves the class; each table test works under a service id
/// of its own, so neither the tests nor the silo's reminder service see each other's rows.
/// </summary>
public sealed class SqliteOrleansReminderTableTests(SqliteOrleansReminderTableTests.SiloWithReminders fixture)
    : IClassFixture<SqliteOrleansReminderTableTests.SiloWithReminders>
{
    private static readonly DateTime StartAt = new(2026, 1, 5, 6, 0, 0, 123, DateTimeKind.Utc);

    [Fact]
    public async Task OrleansReminderService_GrainRegistersAReminder_ItIsStoredFiresAndIsRemoved()
    {
        var grain = fixture.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrleansReminderProbeGrain>("p1");
        const string Row = "SELECT COUNT(*) FROM orleans_reminders WHERE grain_id LIKE '%/p1' AND reminder_name = 'wake'";

        await grain.RegisterAsync("wake", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(1, fixture.Silo.Scalar(Row));

        await fixture.Ticks.FirstTickAsync("p1", "wake").WaitAsync(TimeSpan.FromSeconds(30));
        await grain.UnregisterAsync("wake");

        Assert.Equal(0, fixture.Silo.Scalar(Row));
    }

    [Fact]
    public async Task UpsertRow_NewReminders_AreReadBackByRowAndByGrain()
    {
        var table = Table();
        var grain = Grain("a");
        var etag = await table.UpsertRow(Entry(grain, "daily", TimeSpan.FromDays(1)));
        await table.UpsertRow(Entry(grain, "hourly", TimeSpan.FromHours(1)));
        await table.UpsertRow(Entry(Grain("b"), "daily", TimeSpan.FromDays(1)));

        var row = await table.ReadRow(grain, "daily");

        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("daily", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromDays(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(new[] { "daily", "hourly" }, (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grain, "weekly"));
        Assert.Empty((await table.ReadRows(Grain("nobody"))).Reminders);
    }

    [Fact]
    public async Task UpsertRow_StartWithoutKindAndSubMillisecondParts_IsTakenAsUtcToTheMillisecond()
    {
        var table = Table();
        var grain = Grain("a");
        var entry = Entry(grain, "r", TimeSpan.FromMinutes(1).Add(TimeSpan.FromTicks(1234)));
        entry.StartAt = DateTime.SpecifyKind(StartAt, DateTimeKind.Unspecified).AddTicks(5678);

        await table.UpsertRow(entry);

        var row = await table.ReadRow(grain, "r");
        Assert.Equal(StartAt, row!.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
    }

    [Fact]
    public async Task UpsertRow_SameReminderAgain_OverwritesAndMovesTheETag()
    {
        var table = Table();
        var grain = Grain("a");
        var etags = new List<string?>();
        for (var i = 1; i <= 3; i++)
        {
            etags.Add(await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(i))));
        }

        var row = await table.ReadRow(grain, "r");

        Assert.Equal(3, etags.Distinct().Count());
        Assert.All(etags, etag => Assert.NotNull(etag));
        Assert.Equal(etags[^1], row!.ETag);
        Assert.Equal(TimeSpan.FromMinutes(3), row.Period);
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsTheRow()
    {
        var table = Table();
        var grain = Grain("a");
        var stale = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        var current = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(2)));

        Assert.False(await table.RemoveRow(grain, "r", stale!));
        Assert.False(await table.RemoveRow(grain, "r", "not-an-etag"));

        Assert.Equal(current, (await table.ReadRow(grain, "r"))!.ETag);
    }

    [Fact]
    public async Task RemoveRow_CurrentETag_ReturnsTrueAndRemovesTheRowOnce()
    {
        var table = Table();
        var grain = Grain("a");
        var etag = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        await table.UpsertRow(Entry(grain, "other", TimeSpan.FromMinutes(1)));

        Assert.True(await table.RemoveRow(grain, "r", etag!));

        Assert.Null(await table.ReadRow(grain, "r"));
        Assert.NotNull(await table.ReadRow(grain, "other"));
        Assert.False(await table.RemoveRow(grain, "r", etag!));
    }

    [Fact]
    public async Task RemoveRow_HandleFromBeforeARemoveAndReRegistration_DoesNotRemoveTheNewReminder()
    {
        var table = Table();
        var grain = Grain("a");
        var first = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        Assert.True(await table.RemoveRow(grain, "r", first!));
        var second = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));

        Assert.NotEqual(first, second);
        Assert.False(await table.RemoveRow(grain, "r", first!));
        Assert.NotNull(await table.ReadRow(grain, "r"));
    }

    [Fact]
    public async Task ReadRowsRange_BeginBelowEnd_ReturnsTheHashesInBetweenEndInclusive()
    {
        var (table, all) = await SeedAsync(Table());
        var hashes = SortedHashes(all);

        await AssertRangesAsync(table, all,
        [
            (hashes[10], hashes[50]),
            (hashes[10] - 1, hashes[10]),
            (hashes[10], hashes[11]),
            (0u, uint.MaxValue),
            (0u, hashes[0]),
            (hashes[^2], uint.MaxValue),
            .. RandomRanges(all.Count, wrapping: false),
        ]);
    }

    [Fact]
    public async Task ReadRowsRange_BeginAboveEnd_WrapsAroundTheTopOfTheRing()
    {
        var (table, all) = await SeedAsync(Table());
        var hashes = SortedHashes(all);

        await AssertRangesAsync(table, all,
        [
            (hashes[50], hashes[10]),
            (hashes[^1], hashes[0]),
            (hashes[11], hashes[10]),
            (uint.MaxValue, 0u),
            (uint.MaxValue, hashes[5]),
            (hashes[^5], 0u),
            .. RandomRanges(all.Count, wrapping: true),
        ]);
    }

    [Fact]
    public async Task ReadRowsRange_BeginEqualsEnd_ReturnsTheWholeRing()
    {
        var (table, all) = await SeedAsync(Table());
        var hashes = SortedHashes(all);

        await AssertRangesAsync(table, all, [(0u, 0u), (uint.MaxValue, uint.MaxValue), (hashes[7], hashes[7]), (1u << 31, 1u << 31)]);
        Assert.Equal(all.Count, (await table.ReadRows(hashes[7], hashes[7])).Reminders.Count);
    }

    [Fact]
    public async Task TestOnlyClearTable_TwoServicesOnOneFile_ClearsOnlyItsOwnService()
    {
        var mine = Table();
        var theirs = Table();
        await mine.UpsertRow(Entry(Grain("a"), "r", TimeSpan.FromMinutes(1)));
        await mine.UpsertRow(Entry(Grain("b"), "r", TimeSpan.FromMinutes(1)));
        await theirs.UpsertRow(Entry(Grain("a"), "r", TimeSpan.FromMinutes(1)));

        await mine.TestOnlyClearTable();

        Assert.Empty((await mine.ReadRows(0, 0)).Reminders);
        Assert.Single((await theirs.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task ServiceId_SameGrainAndNameInTwoServices_AreSeparateRows()
    {
        var mine = Table();
        var theirs = Table();
        var grain = Grain("a");
        var myETag = await mine.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        var theirETag = await theirs.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(2)));

        Assert.NotEqual(myETag, theirETag);
        Assert.False(await mine.RemoveRow(grain, "r", theirETag!));
        Assert.Equal(TimeSpan.FromMinutes(1), (await mine.ReadRow(grain, "r"))!.Period);
        Assert.Equal(TimeSpan.FromMinutes(2), (await theirs.ReadRow(grain, "r"))!.Period);
        Assert.True(await mine.RemoveRow(grain, "r", myETag!));

        Assert.Null(await mine.ReadRow(grain, "r"));
        Assert.Single((await theirs.ReadRows(grain)).Reminders);
        Assert.Single((await theirs.ReadRows(0, 0)).Reminders);
        Assert.Empty((await mine.ReadRows(0, 0)).Reminders);
    }

    /// <summary>A table under a service id of its own, on the class's database.</summary>
    private SqliteOrleansReminderTable Table() =>
        new(fixture.Silo.Services.GetRequiredService<SqliteDatabase>(), Options.Create(new ClusterOptions { ServiceId = $"svc-{Guid.NewGuid():N}" }));

    private static GrainId Grain(string key) => GrainId.Create("reminder-probe", key);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = StartAt, Period = period };

    /// <summary>400 grains (their hashes spread over the ring), one or two reminders each, upserted at once (one group commit).</summary>
    private static async Task<(SqliteOrleansReminderTable Table, List<ReminderEntry> All)> SeedAsync(SqliteOrleansReminderTable table)
    {
        var all = Enumerable.Range(0, 400)
            .SelectMany(i => Enumerable.Range(0, 1 + (i % 2)).Select(n => Entry(Grain($"g{i}"), $"r{n}", TimeSpan.FromMinutes(1 + n))))
            .ToList();
        await Task.WhenAll(all.Select(table.UpsertRow));
        return (table, all);
    }

    private static List<uint> SortedHashes(List<ReminderEntry> all) => all.Select(e => e.GrainId.GetUniformHashCode()).Distinct().Order().ToList();

    private static IEnumerable<(uint Begin, uint End)> RandomRanges(int count, bool wrapping)
    {
        var random = new Random(count);
        for (var i = 0; i < 40; i++)
        {
            var a = (uint)random.NextInt64(0, 1L << 32);
            var b = (uint)random.NextInt64(0, 1L << 32);
            yield return wrapping == a < b ? (b, a) : (a, b);
        }
    }

    /// <summary>Each range read returns exactly the rows a filter over every row picks, by Orleans' rule for (begin, end].</summary>
    private static async Task AssertRangesAsync(SqliteOrleansReminderTable table, List<ReminderEntry> all, IEnumerable<(uint Begin, uint End)> ranges)
    {
        foreach (var (begin, end) in ranges)
        {
            var expected = all
                .Where(e => InRange(e.GrainId.GetUniformHashCode(), begin, end))
                .Select(e => $"{e.GrainId}|{e.ReminderName}")
                .Order(StringComparer.Ordinal)
                .ToList();
            var actual = (await table.ReadRows(begin, end)).Reminders
                .Select(e => $"{e.GrainId}|{e.ReminderName}")
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.True(expected.SequenceEqual(actual), $"({begin}, {end}]: expected {expected.Count} rows, read {actual.Count}.");
        }
    }

    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    /// <summary>A real silo on a SQLite file with Orleans' reminder service on <see cref="SqliteOrleansReminderTable"/>.</summary>
    public sealed class SiloWithReminders : IAsyncLifetime
    {
        public TestSilo Silo { get; private set; } = null!;

        public OrleansReminderTicks Ticks { get; } = new();

        public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(StorageProvider.Sqlite, services: services =>
        {
            services.AddSingleton(Ticks);
            services.UseSqliteReminderService();
        });

        public async Task DisposeAsync() => await Silo.DisposeAsync();
    }
}
