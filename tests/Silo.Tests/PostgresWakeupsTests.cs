using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recall.Silo.Storage.Postgres;

namespace Recall.Silo.Tests;

/// <summary>
/// What a silo announces to the others on PostgreSQL: work due within a poll interval or two, at
/// once; work due later (a recall months ahead) not at all, since every silo's polling finds it in time.
/// </summary>
public sealed class PostgresWakeupsTests
{
    [Fact]
    public async Task WorkDueSoon_IsAnnounced_WorkDueLater_IsLeftToPolling()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Postgres);
        var wakeups = silo.Services.GetRequiredService<PostgresWakeups>();
        await using var listener = await ListenAsync(silo);
        var now = silo.Clock.GetUtcNow();

        // A recall due in six months, then a message due now: if the recall were announced, its
        // notification would come before the message's or in the same send, never after it.
        wakeups.Committed(reminder: now.AddMonths(6), message: null);
        wakeups.Committed(reminder: null, message: now);
        Assert.Equal([$"o:{now.ToUnixTimeMilliseconds()}"], await ReceiveUntilAsync(listener.Received, "o:"));

        var soon = now + wakeups.Horizon / 2;
        wakeups.Committed(reminder: soon, message: null);
        Assert.Equal([$"r:{soon.ToUnixTimeMilliseconds()}"], await ReceiveUntilAsync(listener.Received, "r:"));
    }

    private static async Task<Listener> ListenAsync(TestSilo silo)
    {
        var connection = new NpgsqlConnection(silo.Database.PostgresConnectionString);
        await connection.OpenAsync();
        var listener = new Listener(connection);
        connection.Notification += (_, e) => listener.Received.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {silo.Services.GetRequiredService<PostgresDatabase>().Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        listener.Start();
        return listener;
    }

    /// <summary>The work wake-ups received up to and including the first that starts with <paramref name="prefix"/> (live page updates are skipped).</summary>
    private static async Task<List<string>> ReceiveUntilAsync(Channel<string> received, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wakeups = new List<string>();
        while (true)
        {
            var payload = await received.Reader.ReadAsync(timeout.Token);
            if (PostgresClinicEventRelay.IsLiveEvents(payload))
            {
                continue;
            }

            wakeups.Add(payload);
            if (payload.StartsWith(prefix, StringComparison.Ordinal))
            {
                return wakeups;
            }
        }
    }

    /// <summary>A LISTENing connection, read in the background until disposed.</summary>
    private sealed class Listener(NpgsqlConnection connection) : IAsyncDisposable
    {
        private readonly CancellationTokenSource stopping = new();
        private Task reading = Task.CompletedTask;

        public Channel<string> Received { get; } = Channel.CreateUnbounded<string>();

        public void Start() => reading = Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                await connection.WaitAsync(stopping.Token);
            }
        });

        public async ValueTask DisposeAsync()
        {
            await stopping.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            await connection.DisposeAsync();
            stopping.Dispose();
        }
    }
}
