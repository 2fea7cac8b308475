using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Recall.Silo.Storage;

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

    public static IHostApplicationBuilder AddOrleansSilo(this IHostApplicationBuilder builder, string? postgresConnectionString)
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
            silo.Configure<EndpointOptions>(endpoints =>
            {
                if (address is not null)
                {
                    endpoints.AdvertisedIPAddress = address;
                }

                endpoints.SiloPort = siloPort;
                endpoints.GatewayPort = options.GatewayPort;
            });
            if (postgresConnectionString is null)
            {
                // One silo on one file: it is its own primary; there is no one else to find.
                silo.UseDevelopmentClustering(primarySiloEndpoint: null);
            }
            else
            {
                silo.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = PostgresInvariant;
                    clustering.ConnectionString = postgresConnectionString;
                });
            }

            silo.AddActivityPropagation();
            // Operators' view of the cluster; no live log stream (logs can carry patient data). See OperatorDashboard.
            silo.AddDashboard(dashboard => dashboard.HideTrace = true);
        });
        return builder;
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
