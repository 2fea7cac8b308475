using Microsoft.Playwright;

namespace Recall.Web.Tests;

/// <summary>
/// Screenshots of the main pages for docs/screenshots (linked from the README), taken as the tests
/// pass through them. Only when asked (RECALL_WRITE_SCREENSHOTS=1): a plain test run leaves the
/// working tree as it found it.
/// </summary>
public static class Screenshots
{
    public const string Variable = "RECALL_WRITE_SCREENSHOTS";

    private static readonly bool Wanted = Environment.GetEnvironmentVariable(Variable) == "1";

    private static readonly string Folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static async Task SaveAsync(IPage page, string name, bool fullPage = true)
    {
        if (!Wanted)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = fullPage });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
