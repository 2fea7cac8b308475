using Npgsql;
using Recall.Silo.Hosting;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Tells the other silos about work this silo committed (the earliest new reminder and outbox
/// message), after the commit and coalesced: one NOTIFY carries the earliest due times of every
/// commit since the previous one.
/// </summary>
/// <remarks>
/// A NOTIFY inside each turn's transaction made every turn's commit wait for the previous one:
/// PostgreSQL holds a global lock on the notification queue from a notifying transaction's
/// pre-commit until its commit is flushed, so notifying transactions never share a WAL flush
/// (pgbench on this project's machine: 3,400 commits/s from 32 connections without NOTIFY, 580/s
/// with it; docs/benchmarks.md). Sent after the commit, a notification still only announces
/// committed work; if the silo dies in between, the others find the work by polling within
/// their poll interval, as they would any work they were not told about.
/// </remarks>
internal sealed class PostgresWakeups : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string channel;
    private readonly SiloLog log;
    private readonly SemaphoreSlim pending = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private long reminderDueMs = long.MaxValue;
    private long messageDueMs = long.MaxValue;
    private int signalled;

    public PostgresWakeups(NpgsqlDataSource dataSource, string channel, SiloLog log)
    {
        this.dataSource = dataSource;
        this.channel = channel;
        this.log = log;
        loop = Task.Run(RunAsync);
    }

    /// <summary>A commit added a reminder (<paramref name="reminder"/>) and/or a message (<paramref name="message"/>) due at these times.</summary>
    public void Committed(DateTimeOffset? reminder, DateTimeOffset? message)
    {
        if (reminder is null && message is null)
        {
            return;
        }

        if (reminder is { } r)
        {
            LowerTo(ref reminderDueMs, r.ToUnixTimeMilliseconds());
        }

        if (message is { } m)
        {
            LowerTo(ref messageDueMs, m.ToUnixTimeMilliseconds());
        }

        if (Interlocked.Exchange(ref signalled, 1) == 0)
        {
            pending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        stopping.Dispose();
        pending.Dispose();
    }

    private static void LowerTo(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private async Task RunAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            await pending.WaitAsync(stopping.Token);
            Interlocked.Exchange(ref signalled, 0);
            var reminder = Interlocked.Exchange(ref reminderDueMs, long.MaxValue);
            var message = Interlocked.Exchange(ref messageDueMs, long.MaxValue);
            try
            {
                await using var batch = dataSource.CreateBatch();
                foreach (var (kind, due) in new[] { ("r", reminder), ("o", message) })
                {
                    if (due != long.MaxValue)
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload)")
                            .With("channel", channel).With("payload", $"{kind}:{due}"));
                    }
                }

                await batch.ExecuteNonQueryAsync(stopping.Token);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.WakeupFailed(e); // The others still poll: work is late by at most their poll interval, never lost.
            }
        }
    }
}
