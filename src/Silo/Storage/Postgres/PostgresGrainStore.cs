using System.Threading.Channels;
using Npgsql;
using Recall.Grains.Hosting;
using Recall.Silo.Telemetry;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Grain state, turn commits and the inbox on PostgreSQL. A commit is one transaction sent as one
/// batch (one round trip), shared by the turns committing at the same time; the state update carries
/// the ETag check, made on the server, so a stale turn rolls the batch back. Other silos hear of new
/// work after the commit (<see cref="PostgresWakeups"/>).
/// </summary>
internal sealed class PostgresGrainStore(PostgresDatabase database, PostgresWakeups wakeups, SiloTelemetry telemetry) : IGrainStore, IAsyncDisposable
{
    /// <summary>Group writers: while one waits for its flush, the others gather and send the next groups.</summary>
    private const int Writers = 4;

    private const int MaxGroup = 256;

    /// <summary>Group loaders, for the same reason.</summary>
    private const int Loaders = 2;

    private readonly Channel<PendingCommit> queue = Channel.CreateUnbounded<PendingCommit>();
    private readonly Channel<PendingLoad> loads = Channel.CreateUnbounded<PendingLoad>();
    private Task[]? writers;


    /// <summary>
    /// Queues the load for the group loaders: activations loading at the same time (a batch of
    /// reminders firing, an import) are read together, two statements for the whole group instead
    /// of two per grain.
    /// </summary>
    public Task<StoredGrain?> LoadAsync(GrainId id, CancellationToken cancellationToken)
    {
        EnsureWriters();
        var pending = new PendingLoad(id);
        if (!loads.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresGrainStore), "The silo is shutting down.");
        }

        return pending.Completion.Task;
    }

    private async Task LoadLoopAsync()
    {
        var group = new List<PendingLoad>(MaxGroup);
        while (await loads.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && loads.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            try
            {
                var stored = await LoadGroupAsync(group);
                foreach (var pending in group)
                {
                    pending.Completion.TrySetResult(stored.GetValueOrDefault(pending.Id));
                }
            }
            catch (Exception e)
            {
                foreach (var pending in group)
                {
                    pending.Completion.TrySetException(e);
                }
            }

            group.Clear();
        }
    }

    /// <summary>The stored grains of the group (a grain with no state row is absent: it has never committed).</summary>
    private async Task<Dictionary<GrainId, StoredGrain>> LoadGroupAsync(List<PendingLoad> group)
    {
        var types = group.Select(p => p.Id.Type).ToArray();
        var keys = group.Select(p => p.Id.Key).ToArray();
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT s.grain_type, s.grain_key, s.etag, s.state FROM grain_state s
            JOIN unnest(@types, @keys) AS w(grain_type, grain_key) ON s.grain_type = w.grain_type AND s.grain_key = w.grain_key
            """).With("types", types).With("keys", keys));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT r.grain_type, r.grain_key, r.name, r.due_at, r.period_ms FROM reminders r
            JOIN unnest(@types, @keys) AS w(grain_type, grain_key) ON r.grain_type = w.grain_type AND r.grain_key = w.grain_key
            """).With("types", types).With("keys", keys));
        await using var reader = await batch.ExecuteReaderAsync();
        var states = new Dictionary<GrainId, (long ETag, byte[] State)>();
        while (await reader.ReadAsync())
        {
            states[new GrainId(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
        }

        await reader.NextResultAsync();
        var reminders = new Dictionary<GrainId, List<ReminderEntry>>();
        while (await reader.ReadAsync())
        {
            var id = new GrainId(reader.GetString(0), reader.GetString(1));
            if (!reminders.TryGetValue(id, out var list))
            {
                reminders[id] = list = [];
            }

            list.Add(new ReminderEntry(reader.GetString(2), PostgresValues.Instant(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4))));
        }

        return states.ToDictionary(s => s.Key, s => new StoredGrain(s.Value.State, s.Value.ETag, reminders.GetValueOrDefault(s.Key) ?? []));
    }

    private sealed class PendingLoad(GrainId id)
    {
        public GrainId Id { get; } = id;

        public TaskCompletionSource<StoredGrain?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Queues the commit for the group writers: turns committing at the same time share one
    /// transaction and one WAL flush (group commit, as on SQLite). A group whose every ETag check
    /// passes commits at once; if any check fails (or the group fails as a whole), it rolls back and
    /// each turn commits on its own, so only the stale turn hears of its conflict.
    /// </summary>
    public Task CommitAsync(GrainCommit commit, CancellationToken cancellationToken)
    {
        EnsureWriters();
        var pending = new PendingCommit(commit);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresGrainStore), "The silo is shutting down.");
        }

        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        loads.Writer.TryComplete();
        if (writers is { } running)
        {
            await Task.WhenAll(running);
        }
    }

    private void EnsureWriters()
    {
        if (writers is null)
        {
            lock (queue)
            {
                writers ??= [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)), .. Enumerable.Range(0, Loaders).Select(_ => Task.Run(LoadLoopAsync))];
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingCommit>(MaxGroup);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            // In key order, so two groups (of this silo or another) lock shared rows in the same order.
            group.Sort(static (a, b) => string.CompareOrdinal(a.Commit.Id.ToString(), b.Commit.Id.ToString()));
            if (await TryCommitTogetherAsync(group))
            {
                group.Clear();
                continue;
            }

            foreach (var pending in group)
            {
                try
                {
                    await CommitOneAsync(pending.Commit);
                    pending.Completion.TrySetResult();
                }
                catch (Exception e)
                {
                    pending.Completion.TrySetException(e);
                }
            }

            group.Clear();
        }
    }

    /// <summary>
    /// Commits the group (one turn or many) in one round trip: one batch with no explicit transaction,
    /// which PostgreSQL runs as one implicit transaction and commits at its end. The guarded writes are
    /// checked on the server, so one stale turn rolls the whole group back; false then, and the turns
    /// commit one by one, where each learns of its own conflict.
    /// </summary>
    private async Task<bool> TryCommitTogetherAsync(List<PendingCommit> group)
    {
        var writes = new PostgresCommitBatch();
        group.ForEach(pending => writes.Add(pending.Commit));
        try
        {
            await using var batch = database.DataSource.CreateBatch();
            foreach (var guarded in writes.AddTo(batch))
            {
                FailUnlessChanged(guarded);
            }

            await batch.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false; // A check failed, or e.g. a deadlock with another silo's group: each turn commits on its own instead.
        }

        wakeups.Committed(writes.EarliestReminder, writes.EarliestMessage);
        group.ForEach(pending => pending.Completion.TrySetResult());
        telemetry.BatchCommitted(group.Count);
        return true;
    }

    /// <summary>Makes the statement fail its batch unless it changes exactly the rows it must (004_commit_row_counts.sql).</summary>
    private static void FailUnlessChanged(PostgresCommitBatch.Guarded guarded) =>
        guarded.Command.With("guarded_rows", (long)guarded.Rows).CommandText =
            $"WITH changed AS ({guarded.Command.CommandText} RETURNING 1) SELECT recall_expect_rows(count(*), @guarded_rows) FROM changed";

    /// <summary>
    /// Commits one turn in an explicit transaction, its row counts read before COMMIT: two round trips,
    /// but a failed check says which (an ETag conflict, a stale outbox outcome).
    /// </summary>
    private async Task CommitOneAsync(GrainCommit commit)
    {
        var writes = new PostgresCommitBatch();
        writes.Add(commit);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var guarded = writes.AddTo(batch);
        await batch.ExecuteNonQueryAsync();
        if (guarded.Find(g => g.Command.RecordsAffected != g.Rows) is { } stale)
        {
            await transaction.RollbackAsync();
            throw stale.OutboxId is { } outboxId
                ? new StaleOutboxResultException(outboxId) // Another silo already recorded this message's outcome.
                : new ETagConflictException(commit.Id); // A concurrent writer moved the grain, or took the idempotency key first.
        }

        await transaction.CommitAsync();
        wakeups.Committed(writes.EarliestReminder, writes.EarliestMessage);
        telemetry.BatchCommitted(1);
    }

    private sealed class PendingCommit(GrainCommit commit)
    {
        public GrainCommit Commit { get; } = commit;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<InboxRecord?> FindInboxAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var command = database.Command("SELECT request_hash, grain_type, grain_key, method, result FROM inbox WHERE scope = @scope AND idem_key = @key")
            .With("scope", scope).With("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadInbox(reader, 0, scope, key) : null;
    }

    /// <summary>An inbox row's columns (request_hash, grain_type, grain_key, method, result) from column <paramref name="first"/> on.</summary>
    private static InboxRecord ReadInbox(NpgsqlDataReader reader, int first, string scope, string key) =>
        new(scope, key, reader.GetString(first), new GrainId(reader.GetString(first + 1), reader.GetString(first + 2)), reader.GetString(first + 3),
            reader.IsDBNull(first + 4) ? null : reader.GetFieldValue<byte[]>(first + 4));
}
