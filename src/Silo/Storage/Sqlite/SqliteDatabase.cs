using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Recall.Silo.Telemetry;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>
/// The embedded database: one writer connection fed by a queue, so that turns arriving together
/// share one transaction and one fsync (group commit), each in its own savepoint so a turn that
/// fails (an ETag conflict) does not undo the others. Readers use pooled connections (WAL lets
/// them read while the writer writes). A lock file keeps a second silo off the same database.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly Channel<WriteOperation> queue = Channel.CreateUnbounded<WriteOperation>(new() { SingleReader = true });
    private readonly SqliteConnection writer;
    private readonly Dictionary<string, SqliteCommand> preparedCommands = new(StringComparer.Ordinal);
    private readonly FileStream siloLock;
    private readonly string readerConnectionString;
    private readonly int maxBatch;
    private readonly SiloTelemetry telemetry;
    private readonly Task writeLoop;
    private readonly Task checkpointLoop;
    private readonly CancellationTokenSource stopping = new();

    public SqliteDatabase(IOptions<SqliteOptions> options, IHostEnvironment environment, SiloTelemetry telemetry, SiloLog log)
    {
        var settings = options.Value;
        this.telemetry = telemetry;
        maxBatch = settings.MaxBatch;
        FilePath = System.IO.Path.GetFullPath(settings.Path, environment.ContentRootPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
        siloLock = AcquireSiloLock(FilePath);

        var builder = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 };
        readerConnectionString = builder.ToString();
        writer = new SqliteConnection(builder.ToString());
        writer.Open();
        Execute(writer, "PRAGMA journal_mode=WAL;");
        Execute(writer, $"PRAGMA synchronous={settings.Synchronous};");
        Execute(writer, "PRAGMA busy_timeout=30000;");
        // 64 MB of page cache for the writer (SQLite's default is 2 MB): a large group's dirty pages
        // stay in memory until its commit instead of spilling to the WAL mid-transaction.
        Execute(writer, "PRAGMA cache_size=-65536;");
        // Savepoints and statements that may need undoing copy the pages they change into a statement
        // journal: in memory, not a temp file written page by page (when every turn ran under a
        // savepoint, a third of the CPU of a bulk import went to those writes).
        Execute(writer, "PRAGMA temp_store=MEMORY;");
        // Checkpoints run beside the writer (CheckpointLoopAsync): a checkpoint inside a commit copies the
        // WAL into the database file and fsyncs it while every turn of the group waits. The writer still
        // checkpoints once the WAL passes 64 MB: by then the checkpointer has copied nearly all of it, so
        // that pass is short, and completing it (which only the writer can under constant writes) lets
        // the WAL start over; journal_size_limit then trims the file. Durability is unchanged.
        Execute(writer, $"PRAGMA wal_autocheckpoint={MaxWalFrames};");
        Execute(writer, $"PRAGMA journal_size_limit={MaxWalFrames * 4096};");
        SchemaVersion = SqliteMigrations.Apply(writer, log);
        log.SqliteOpened(FilePath, settings.Synchronous, SchemaVersion);
        writeLoop = Task.Run(WriteLoopAsync);
        checkpointLoop = Task.Run(CheckpointLoopAsync);
    }

    public string FilePath { get; }

    public int SchemaVersion { get; }

    /// <summary>A pooled connection for reads. Dispose it when done.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(readerConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs <paramref name="write"/> in the next group transaction; its exception undoes only its own writes.</summary>
    public Task WriteAsync(Action<SqliteWriter> write)
    {
        var operation = new WriteOperation(write);
        if (!queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The silo is shutting down.");
        }

        return operation.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writeLoop;
        await stopping.CancelAsync();
        await checkpointLoop;
        stopping.Dispose();
        foreach (var command in preparedCommands.Values)
        {
            command.Dispose();
        }

        await writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await siloLock.DisposeAsync();
    }

    private static FileStream AcquireSiloLock(string databasePath)
    {
        var lockPath = databasePath + ".silo.lock";
        try
        {
            // FileShare.None takes an exclusive lock (flock on Linux) that the OS drops if the process dies.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another silo is already running on the SQLite database {databasePath} (it holds {lockPath}). " +
                "SQLite serves one silo; stop the other one, point Storage:Sqlite:Path at another file, " +
                "or use PostgreSQL to run several silos.", e);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteOperation>(maxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < maxBatch && queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            WriteBatch(batch);
            batch.Clear();
        }
    }

    private void WriteBatch(List<WriteOperation> batch)
    {
        if (!TryWriteWhole(batch))
        {
            WriteEachUnderSavepoint(batch);
        }

        telemetry.BatchCommitted(batch.Count);
        foreach (var operation in batch)
        {
            if (operation.Error is { } error)
            {
                operation.Completion.TrySetException(error);
            }
            else
            {
                operation.Completion.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Commits the group with no savepoint per turn: a savepoint costs two statements and a copy of
    /// every page the turn changes that the group already changed. False, with nothing written, if
    /// any turn threw (or the commit failed): the group then runs again turn by turn.
    /// </summary>
    private bool TryWriteWhole(List<WriteOperation> batch)
    {
        try
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            var context = new SqliteWriter(writer, transaction, preparedCommands);
            foreach (var operation in batch)
            {
                operation.Write(context);
            }

            transaction.Commit();
            return true;
        }
        catch (Exception)
        {
            return false; // Disposing the transaction rolled it back.
        }
    }

    /// <summary>Each turn under its own savepoint: a turn that throws undoes only its own writes and hears why.</summary>
    private void WriteEachUnderSavepoint(List<WriteOperation> batch)
    {
        try
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            var context = new SqliteWriter(writer, transaction, preparedCommands);
            foreach (var operation in batch)
            {
                transaction.Save("turn");
                try
                {
                    operation.Write(context);
                    transaction.Release("turn");
                }
                catch (Exception e)
                {
                    transaction.Rollback("turn");
                    transaction.Release("turn");
                    operation.Error = e;
                }
            }

            transaction.Commit();
        }
        catch (Exception e)
        {
            foreach (var operation in batch)
            {
                operation.Error ??= e;
            }
        }
    }

    /// <summary>
    /// Checkpoints the WAL on a connection of its own, beside the writer (PASSIVE: it never blocks
    /// the writer or readers), every CheckpointInterval; SQLite's own default is a checkpoint in the
    /// commit that takes the WAL past 1,000 pages (here the writer's own pass comes only past
    /// MaxWalFrames, and finds little left to copy).
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    using var connection = new SqliteConnection(readerConnectionString);
                    connection.Open();
                    Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
                }
                catch (SqliteException)
                {
                    // Busy or locked: the next tick tries again; the WAL only grows meanwhile.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping; the last connection to close checkpoints what is left.
        }
    }

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>About 64 MB of 4 KB pages: past this the writer finishes the checkpoint itself, so the WAL starts over.</summary>
    private const long MaxWalFrames = 16_384;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class WriteOperation(Action<SqliteWriter> write)
    {
        public Action<SqliteWriter> Write { get; } = write;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }
}

/// <summary>The writer connection inside the current group transaction, with prepared commands reused across batches.</summary>
public sealed class SqliteWriter(SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, SqliteCommand> prepared)
{
    /// <summary>A prepared command for <paramref name="sql"/>, its parameters cleared, enlisted in the transaction.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            prepared[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
