using Npgsql;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Sends NOTIFYs for what commits queued, from one background loop and after the commits: a commit
/// only queues and signals, and whatever queues while a send is in flight goes in the next one.
/// </summary>
/// <remarks>
/// A NOTIFY inside each turn's transaction made every turn's commit wait for the previous one:
/// PostgreSQL holds a global lock on the notification queue from a notifying transaction's
/// pre-commit until its commit is flushed, so notifying transactions never share a WAL flush
/// (pgbench on this project's machine: 3,400 commits/s from 32 connections without NOTIFY, 580/s
/// with it; docs/benchmarks.md). Sent after the commit, a notification still only announces
/// committed work.
/// </remarks>
internal abstract class PostgresNotifier(NpgsqlDataSource dataSource, string channel) : IAsyncDisposable
{
    private readonly SemaphoreSlim signal = new(0);
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;
    private int signalled;
    private int disposed;

    /// <summary>Once only: the container disposes a singleton once per registration that hands it out.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

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
        // The semaphore is not disposed: a commit finishing during shutdown may still signal it (it holds no handle until one is asked for).
    }

    /// <summary>Starts the loop; a subclass calls it last in its constructor, once its own fields are set.</summary>
    protected void Start() => loop = Task.Run(RunAsync);

    /// <summary>Something was queued: wake the loop (once, however many commits call this meanwhile).</summary>
    protected void Signal()
    {
        // A commit may still finish while the silo stops; after that there is nobody to send for it.
        if (Volatile.Read(ref disposed) == 1)
        {
            return;
        }

        if (Interlocked.Exchange(ref signalled, 1) == 0)
        {
            signal.Release();
        }
    }

    /// <summary>Takes everything queued since the last pass and turns it into payloads (none: nothing to send).</summary>
    protected abstract IReadOnlyList<string> TakePayloads();

    /// <summary>
    /// How long (real time) the loop waits after a send before the next, so that what queues
    /// meanwhile goes in one notification. Zero: each send right after the previous one.
    /// </summary>
    protected virtual TimeSpan Gap => TimeSpan.Zero;

    /// <summary>A send failed; what was in it is not retried (each subclass says why that is safe).</summary>
    protected abstract void OnFailed(Exception exception);

    private async Task RunAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            await signal.WaitAsync(stopping.Token);
            Interlocked.Exchange(ref signalled, 0);
            try
            {
                var payloads = TakePayloads();
                if (payloads.Count == 0)
                {
                    continue;
                }

                await using var batch = dataSource.CreateBatch();
                foreach (var payload in payloads)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload)").With("channel", channel).With("payload", payload));
                }

                await batch.ExecuteNonQueryAsync(stopping.Token);
                if (Gap > TimeSpan.Zero)
                {
                    await Task.Delay(Gap, stopping.Token);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                OnFailed(e); // Whatever it was, the loop lives on: the next commit's notification must still go.
            }
        }
    }
}
