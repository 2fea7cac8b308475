using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Recall.Benchmarks;

/// <summary>What the figures were measured on: printed with every table and written to the report.</summary>
internal static class Machine
{
    public static string Cpu { get; } = ReadCpu();

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Cpu}, {Environment.ProcessorCount} cores, {MemoryGb():0.#} GB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");

    public static string Commit(string repository)
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short HEAD") { WorkingDirectory = repository, RedirectStandardOutput = true };
            using var git = Process.Start(start)!;
            var head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            // Documentation (this page, which the benchmarks write, and prose edited during a run) does not change what is measured.
            using var status = Process.Start(new ProcessStartInfo("git", "status --porcelain --untracked-files=no -- . :!docs") { WorkingDirectory = repository, RedirectStandardOutput = true })!;
            var dirty = status.StandardOutput.ReadToEnd().Trim().Length > 0;
            status.WaitForExit();
            return dirty ? head + " (with uncommitted changes)" : head;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string ReadCpu()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static double MemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}
