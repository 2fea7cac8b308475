using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Recall.Api;
using Recall.Grains.Hosting;
using Recall.Silo;

namespace Recall.Benchmarks;

/// <summary>
/// The real silo, in this process, on the system clock: as a generic host (the actor host alone) or
/// as the web application Program.cs builds (the API on Kestrel, on a loopback port).
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef";

    private readonly IHost host;

    private BenchSilo(IHost host, Uri? address)
    {
        this.host = host;
        Address = address;
    }

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Where the API listens (web silos only).</summary>
    public Uri? Address { get; }

    public static async Task<BenchSilo> StartAsync(BenchDatabase database, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Production",
            ContentRootPath = BenchDatabase.Directory,
            DisableDefaults = true,
        });
        Configure(builder, database, settings);
        builder.Services.AddSingleton<IJsonTypeInfoResolver>(BenchJsonContext.Default);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, null);
    }

    /// <summary>The silo with its HTTP API, wired as src/Silo/Program.cs does, on 127.0.0.1 and a free port.</summary>
    public static async Task<BenchSilo> StartWebAsync(BenchDatabase database, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = SiloExtensions.WithoutConfigReload([]),
            EnvironmentName = "Production",
            ContentRootPath = BenchDatabase.Directory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        Configure(builder, database, settings);
        builder.AddRecallApi();
        var app = builder.Build();
        app.MapRecallApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchSilo(app, new Uri(address));
    }

    private static void Configure(IHostApplicationBuilder builder, BenchDatabase database, IDictionary<string, string?>? settings)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = database.Provider.ToString(),
            ["Storage:Sqlite:Path"] = database.SqlitePath,
            ["Storage:Postgres:ConnectionString"] = database.PostgresConnectionString,
            ["Clock:Mode"] = "System",
            ["Orleans:SiloPort"] = "0",
            ["Api:AdminKey"] = AdminKey,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddSilo();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
