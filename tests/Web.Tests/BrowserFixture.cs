using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Recall.Web.Tests;

/// <summary>
/// One silo and one headless Chromium for the whole browser suite (starting either is the slow
/// part); each test opens its own browser context (its own cookies) and makes its own clinic.
/// Chromium is Debian's (/usr/bin/chromium, installed by deploy/test-prerequisites.sh): Playwright never downloads one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public RecallWebFactory Factory { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.StartServer();
        BaseAddress = Factory.BaseAddress;
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        // A shared two-core machine: give auto-waiting assertions room before they fail.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A client with the admin key, talking to the same Kestrel the browser does.</summary>
    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RecallWebFactory.AdminKey);
        return client;
    }

    /// <summary>A fresh browser context (no cookies) and page, desktop-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/Warsaw",
        });
        context.SetDefaultTimeout(15_000);
        // The browser's clock starts where the silo's manual clock stands and runs on from there, so
        // nothing in a test depends on the real date. (The page takes its now from the server anyway.)
        await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = Factory.Now.UtcDateTime });
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserSuite : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
