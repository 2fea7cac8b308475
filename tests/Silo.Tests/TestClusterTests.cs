using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Recall.Api.Admin;
using Recall.Grains;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// Three silos in this process (Orleans.TestingHost's in-process cluster: its membership and
/// transport) with the product's storage, turn filter and reminders on one PostgreSQL database.
/// The subject is what several silos must keep: one activation per grain wherever it is called from,
/// and the grains and due reminders of a silo that dies come back on the others with their state.
/// </summary>
public sealed class TestClusterTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase database = TestDatabase.Create(StorageProvider.Postgres);
    private readonly TurnProbe probe = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:Postgres:ConnectionString"] = database.PostgresConnectionString,
                // A killed silo's claims on due reminders run out in 3 s (6 s by default).
                ["Storage:Postgres:ClaimLease"] = "00:00:03",
                ["Storage:Postgres:RenewEvery"] = "00:00:01",
                ["Clock:Mode"] = "Manual",
                ["Clock:Start"] = Start.ToString("o"),
                ["Reminders:PollInterval"] = "00:00:00.050",
                ["Outbox:PollInterval"] = "00:00:00.050",
            });
            host.AddSilo(clustering: false);
            host.Services.AddSingleton<IJsonTypeInfoResolver>(TallyJsonContext.Default);
            host.Services.AddSingleton(probe);
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    [Fact]
    public async Task AGrainCalledThroughEverySilo_HasOneActivation_AndLosesNoCall()
    {
        var callers = cluster.Silos.Select(silo => Grains(silo).GetGrain<ITallyGrain>("shared")).Append(cluster.Client.GetGrain<ITallyGrain>("shared")).ToList();

        await Task.WhenAll(callers.SelectMany(caller => Enumerable.Range(0, 25).Select(_ => caller.AddAsync(1))));

        Assert.Single((await Task.WhenAll(callers.Select(c => c.GetSiloAsync()))).Distinct());
        Assert.Equal(new TallyView(100, 100), await callers[0].GetAsync());
        // Stored, not only in memory: the next activation reads the same.
        await cluster.DeactivateAsync(callers[0]);
        Assert.Equal(new TallyView(100, 100), await callers[1].GetAsync());
    }

    [Fact]
    public async Task ASiloThatDies_ItsGrainsComeBackOnTheOthers_WithTheirStateAndDueReminders()
    {
        var grains = Enumerable.Range(0, 30).Select(i => cluster.Client.GetGrain<ITallyGrain>($"g{i:D2}")).ToList();
        foreach (var grain in grains)
        {
            await grain.AddAsync(10);
            await grain.RemindAsync("check", Start.AddHours(1));
        }

        // Orleans' default placement prefers the silo a call arrives at, so the grains may all sit on
        // the client's gateway: the silo to kill is the one that holds the most of them.
        var homes = await Task.WhenAll(grains.Select(g => g.GetSiloAsync()));
        var victim = cluster.Silos.MaxBy(silo => homes.Count(home => home == silo.SiloAddress.ToString()))!;

        await cluster.KillSiloAsync(victim);
        var survivor = cluster.Silos.First(silo => silo != victim);
        await survivor.SiloHost.Services.GetRequiredService<IClockControl>().AdvanceToAsync(Start.AddHours(2), CancellationToken.None);

        // Every grain answers from a living silo with its state, and its due reminder ran once.
        await probe.WaitUntilAsync(p => p.Ticks.Select(t => t.Grain).Distinct().Count() == grains.Count, TimeSpan.FromSeconds(30));
        var views = await Task.WhenAll(grains.Select(g => g.GetAsync()));
        Assert.All(views, view => Assert.Equal(11, view.Total));
        Assert.DoesNotContain(victim.SiloAddress.ToString(), await Task.WhenAll(grains.Select(g => g.GetSiloAsync())));
        Assert.Equal(grains.Count, probe.Ticks.Count);
        Assert.Equal(0, database.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_type = 'test-tally'"));
    }

    private static Recall.Grains.Hosting.IGrainFactory Grains(InProcessSiloHandle silo) =>
        silo.SiloHost.Services.GetRequiredService<Recall.Grains.Hosting.IGrainFactory>();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    public void Dispose() => probe.Dispose();
}
