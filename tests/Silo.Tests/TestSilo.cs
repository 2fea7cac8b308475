using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recall.Api.Admin;
using Recall.Grains;
using Recall.Grains.Hosting;
using Recall.Silo.Clock;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>
/// A real silo (generic host, no HTTP) on a real SQLite file, on the manual clock. Start it again on
/// the same file to test what survives a restart. Each test makes its own file.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    private readonly IHost host;

    private TestSilo(IHost host, TestDatabase database)
    {
        this.host = host;
        Database = database;
    }

    /// <summary>Where the silo stores its data; start another silo on it to test a restart or a second silo.</summary>
    public TestDatabase Database { get; }

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public TurnProbe Probe => Services.GetRequiredService<TurnProbe>();

    public ManualTimeProvider Clock => (ManualTimeProvider)Services.GetRequiredKeyedService<TimeProvider>(RecallClock.Key);


    public static async Task<TestSilo> StartAsync(
        StorageProvider provider,
        TestDatabase? database = null,
        DateTimeOffset? clockStart = null,
        Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? settings = null)
    {
        database ??= TestDatabase.Create(provider);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = database.Provider.ToString(),
            ["Storage:Sqlite:Path"] = database.SqlitePath,
            ["Storage:Postgres:ConnectionString"] = database.PostgresConnectionString,
            ["Clock:Mode"] = "Manual",
            ["Orleans:SiloPort"] = "0",
            ["Clock:Start"] = (clockStart ?? Start).ToString("o"),
            ["Reminders:PollInterval"] = "00:00:00.050",
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Outbox:FirstRetryDelay"] = "00:00:10",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddSilo();
        builder.Services.AddSingleton<IJsonTypeInfoResolver>(TestJsonContext.Default);
        builder.Services.AddSingleton<IJsonTypeInfoResolver>(TallyJsonContext.Default);
        builder.Services.AddSingleton<TurnProbe>();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, database);
    }

    public Task<ClockAdvance> AdvanceAsync(TimeSpan by) =>
        Services.GetRequiredService<IClockControl>().AdvanceToAsync(Clock.GetUtcNow() + by, CancellationToken.None);

    /// <summary>Reads the database directly (a separate connection), as an operator's query would.</summary>
    public long Scalar(string sql) => Database.Scalar(sql);

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
