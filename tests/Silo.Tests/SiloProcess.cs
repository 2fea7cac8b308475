using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Recall.Silo.Tests;

/// <summary>The real silo executable as a child process on loopback, so a test can kill it (SIGKILL) and start it again.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string AdminKey = "process-test-admin-key-0123456789";

    private readonly Process process;

    private SiloProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public HttpClient Client { get; }

    /// <summary>Starts the silo on the database and waits until it says it is listening.</summary>
    public static async Task<SiloProcess> StartAsync(TestDatabase database, DateTimeOffset clockStart, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Recall.Silo.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Api__AdminKey"] = AdminKey,
                ["Storage__Provider"] = database.Provider.ToString(),
                ["Storage__Sqlite__Path"] = database.SqlitePath,
                ["Storage__Postgres__ConnectionString"] = database.PostgresConnectionString,
                ["Clock__Mode"] = "Manual",
                ["Orleans__SiloPort"] = "0",
                ["Clock__Start"] = clockStart.ToString("o"),
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                _ = DrainAsync(process.StandardOutput, process.Id);
                return new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"));
            }
        }

        throw new InvalidOperationException($"The silo exited (code {process.ExitCode}) before it was listening.");
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing in memory survives.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Waits for the silo to end by itself (a crash point killed it); false if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> ExitsByItselfAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Reads the silo's log so it never blocks on a full pipe; with RECALL_TEST_SILO_LOGS=dir, keeps it there (silo-{pid}.log).</summary>
    private static async Task DrainAsync(StreamReader output, int processId)
    {
        var folder = Environment.GetEnvironmentVariable("RECALL_TEST_SILO_LOGS");
        await using var log = string.IsNullOrEmpty(folder) ? null : new StreamWriter(Path.Combine(folder, $"silo-{processId}.log"));
        while (await output.ReadLineAsync() is { } line)
        {
            if (log is not null)
            {
                await log.WriteLineAsync(line);
                await log.FlushAsync();
            }
        }
    }
}
