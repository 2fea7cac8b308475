using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recall.Grains;

namespace Recall.Web.Tests;

/// <summary>
/// The whole silo (Program) on a real Kestrel loopback port, so a real browser can reach it
/// (WebApplicationFactory's in-memory TestServer cannot be). Its own SQLite file; the manual clock
/// at a fixed day, and the browser's clock set to it (<see cref="BrowserFixture"/>), so due colours
/// and screenshots are the same on every run, whatever the real date.
/// </summary>
public sealed class RecallWebFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "web-test-admin-key-0123456789abcdef";
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public RecallWebFactory() => UseKestrel(0);

    /// <summary>Now on the silo's manual clock (the product's clock, <see cref="RecallClock"/>).</summary>
    public DateTimeOffset Now => Services.GetRequiredKeyedService<TimeProvider>(RecallClock.Key).GetUtcNow();

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "recall-tests", $"web-{Guid.NewGuid():N}.db");

    /// <summary>Where the browser finds the app, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Api:AdminKey", AdminKey);
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Clock:Mode", "Manual");
        builder.UseSetting("Orleans:SiloPort", "0"); // A free port: many silos run side by side in the test run.
        builder.UseSetting("Clock:Start", Start.ToString("o"));
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }
}
