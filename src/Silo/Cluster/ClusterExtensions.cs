using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Recall.Silo.Storage;
using Recall.Silo.Storage.Postgres;
using Recall.Silo.Storage.Sqlite;
using Recall.Silo.Turns;

namespace Recall.Silo.Cluster;

/// <summary>
/// Makes the process an Orleans silo that co-hosts the API (as Orleans' web samples do). On the
/// embedded SQLite file it is a cluster of one (localhost clustering); on PostgreSQL, silos that
/// share the database and cluster id find each other through the membership table that our
/// migrations create (Microsoft.Orleans.Clustering.AdoNet reads its queries from it).
/// </summary>
public static class ClusterExtensions
{
    /// <summary>The ADO.NET invariant Orleans' providers load Npgsql by.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>The Orleans silo; with <paramref name="clustering"/> false, the host provides membership and endpoints (a test cluster).</summary>
    public static IHostApplicationBuilder AddOrleansSilo(this IHostApplicationBuilder builder, bool onPostgres, bool clustering = true)
    {
        var options = builder.Configuration.GetSection(OrleansSiloOptions.Section).Get<OrleansSiloOptions>() ?? new OrleansSiloOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var address = options.ParseAdvertisedAddress();
        var siloPort = options.SiloPort == 0 ? FreePort(address ?? IPAddress.Loopback) : options.SiloPort;

        // The schema (ours, and the tables Orleans' ADO.NET providers read) is migrated before the silo starts.
        builder.Services.AddHostedService<DatabaseReady>();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (clustering)
            {
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    if (address is not null)
                    {
                        endpoints.AdvertisedIPAddress = address;
                    }

                    endpoints.SiloPort = siloPort;
                    endpoints.GatewayPort = options.GatewayPort;
                });
                UseClustering(silo, onPostgres);
            }

            if (!onPostgres)
            {
                // The Orleans reminders that wake grains with due work (Turns/AgendaWakeUps), in the same file.
                silo.UseSqliteReminderService();
            }
            else
            {
                // The Orleans reminders that wake grains with due work (Turns/AgendaWakeUps); tables and queries in 005_orleans.sql.
                silo.UseAdoNetReminderService(reminders => reminders.Configure<PostgresDatabase>((options, database) =>
                {
                    options.Invariant = PostgresInvariant;
                    options.DataSource = database.DataSource;
                }));
            }

            // Each call on one of our grains is one transaction; an API command's idempotency key and the caller's span ride with it.
            silo.AddIncomingGrainCallFilter<TurnFilter>();
            silo.AddOutgoingGrainCallFilter<CallContextForwarding>();
            silo.AddActivityPropagation();
            silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<Recall.Silo.SiloOptions>>(
                (collection, options) => collection.CollectionAge = options.Value.IdleTimeout);
            // A killed silo is declared dead after two missed probes of 2 s, at most 4 s each however busy this silo
            // is (Orleans' defaults: three of 5 s, stretched up to 20 s under load), so its grains activate on the
            // others within the 10 s the product aims for (docs/benchmarks.md has the takeover times). Operators
            // tune these under Orleans:Membership (Orleans' ClusterMembershipOptions).
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(2);
                membership.MaxProbeTimeout = TimeSpan.FromSeconds(4);
                membership.NumMissedProbesLimit = 2;
            });
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(OrleansSiloOptions.Section + ":Membership"));
            // Operators' view of the cluster; no live log stream (logs can carry patient data). See OperatorDashboard.
            silo.AddDashboard(dashboard => dashboard.HideTrace = true);
        });
        return builder;
    }

    /// <summary>
    /// How silos find each other. One silo on one SQLite file is its own primary: there is no one else to find. On
    /// PostgreSQL, the membership table; Orleans' provider uses the silo's small control pool, not a pool of its own,
    /// so heartbeats never queue behind turns.
    /// </summary>
    private static void UseClustering(ISiloBuilder silo, bool onPostgres)
    {
        if (!onPostgres)
        {
            silo.UseDevelopmentClustering(primarySiloEndpoint: null);
            return;
        }

        silo.UseAdoNetClustering(clustering => clustering.Configure<PostgresDatabase>((options, database) =>
        {
            options.Invariant = PostgresInvariant;
            options.DataSource = database.ControlDataSource;
        }));
    }

    /// <summary>A port nobody listens on now (a test's silos, or one embedded silo that nobody dials).</summary>
    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Opens the database (running its migrations) before the Orleans silo starts and reads its membership table.</summary>
    private sealed class DatabaseReady(IGrainStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override string ToString() => $"{nameof(DatabaseReady)} ({store.GetType().Name})";
    }
}
