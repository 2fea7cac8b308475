using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Recall.Silo.Tests;

/// <summary>The process is an Orleans silo: alone on SQLite, and one of a cluster on PostgreSQL.</summary>
public sealed class OrleansClusterTests
{
    [Fact]
    public async Task SqliteSilo_IsAClusterOfOne()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite);

        var hosts = await Management(silo).GetHosts(onlyActive: true);

        Assert.Single(hosts);
    }

    [Fact]
    public async Task TwoSilosOnOneDatabase_JoinOneCluster_ThroughTheMembershipTable()
    {
        await using var first = await TestSilo.StartAsync(StorageProvider.Postgres);
        await using var second = await TestSilo.StartAsync(StorageProvider.Postgres, first.Database);

        // The second silo read the table when it joined, so it knows both at once; the first learns of it by gossip.
        Assert.Equal(2, (await Management(second).GetHosts(onlyActive: true)).Count);
        await WaitUntilAsync(async () => (await Management(first).GetHosts(onlyActive: true)).Count == 2);
        Assert.Equal(2, first.Scalar("SELECT count(*) FROM orleans_membership WHERE status = 3")); // 3: Active, in Orleans' SiloStatus.
    }

    [Fact]
    public async Task SiloThatStops_LeavesTheCluster()
    {
        await using var first = await TestSilo.StartAsync(StorageProvider.Postgres);
        var second = await TestSilo.StartAsync(StorageProvider.Postgres, first.Database);
        await WaitUntilAsync(async () => (await Management(first).GetHosts(onlyActive: true)).Count == 2);

        await second.DisposeAsync();

        await WaitUntilAsync(async () => (await Management(first).GetHosts(onlyActive: true)).Count == 1);
        Assert.Equal(1, first.Scalar("SELECT count(*) FROM orleans_membership WHERE status = 3"));
    }

    private static IManagementGrain Management(TestSilo silo) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

    /// <summary>Waits for the cluster to agree (gossip between two real silos), failing after 30 seconds.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
