using Microsoft.Playwright;

namespace Recall.Web.Tests;

/// <summary>Writes screenshots of the main pages to docs/screenshots (linked from the README), taken as the tests pass through them.</summary>
public static class Screenshots
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static async Task SaveAsync(IPage page, string name, bool fullPage = true)
    {
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
