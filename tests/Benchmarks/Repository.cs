namespace Recall.Benchmarks;

internal static class Repository
{
    /// <summary>The repository root (where Orleans.sln is), found from the working directory or the program's own.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository (Orleans.sln not found).");
    }
}
