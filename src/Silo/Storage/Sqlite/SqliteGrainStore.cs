using Recall.Grains.Hosting;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>Grain state, turn commits and the inbox on SQLite.</summary>
public sealed class SqliteGrainStore(SqliteDatabase database) : IGrainStore
{
    public Task<StoredGrain?> LoadAsync(GrainId id, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var state = connection.CreateCommand();
        state.CommandText = "SELECT etag, state FROM grain_state WHERE grain_type = $type AND grain_key = $key";
        state.With("$type", id.Type).With("$key", id.Key);
        using var stateReader = state.ExecuteReader();
        if (!stateReader.Read())
        {
            return Task.FromResult<StoredGrain?>(null);
        }

        var etag = stateReader.GetInt64(0);
        var document = (byte[])stateReader.GetValue(1);

        using var reminders = connection.CreateCommand();
        reminders.CommandText = "SELECT name, due_at, period_ms FROM reminders WHERE grain_type = $type AND grain_key = $key";
        reminders.With("$type", id.Type).With("$key", id.Key);
        using var reader = reminders.ExecuteReader();
        var entries = new List<ReminderEntry>();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry(reader.GetString(0), SqliteValues.Instant(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(2))));
        }

        return Task.FromResult<StoredGrain?>(new StoredGrain(document, etag, entries));
    }

    public Task CommitAsync(GrainCommit commit, CancellationToken cancellationToken) => database.WriteAsync(writer => Write(writer, commit));

    public Task<InboxRecord?> FindInboxAsync(string scope, string key, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT request_hash, grain_type, grain_key, method, result FROM inbox WHERE scope = $scope AND idem_key = $key";
        command.With("$scope", scope).With("$key", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new InboxRecord(scope, key, reader.GetString(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetString(3),
                reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4))
            : null);
    }

    private static void Write(SqliteWriter writer, GrainCommit commit)
    {
        var id = commit.Id;
        var state = commit.ExpectedETag == 0
            ? writer.Command("""
                INSERT INTO grain_state (grain_type, grain_key, etag, state, updated_at) VALUES ($type, $key, $new, $state, $at)
                ON CONFLICT DO NOTHING
                """)
            : writer.Command("""
                UPDATE grain_state SET etag = $new, state = $state, updated_at = $at
                WHERE grain_type = $type AND grain_key = $key AND etag = $expected
                """);
        state.With("$type", id.Type).With("$key", id.Key).With("$new", commit.NewETag).With("$state", commit.State).With("$at", commit.At);
        if (commit.ExpectedETag != 0)
        {
            state.With("$expected", commit.ExpectedETag);
        }

        if (state.ExecuteNonQuery() != 1)
        {
            throw new ETagConflictException(id);
        }

        foreach (var (name, entry) in commit.ReminderChanges)
        {
            var command = entry is null
                ? writer.Command("DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name")
                : writer.Command("""
                    INSERT INTO reminders (grain_type, grain_key, name, due_at, period_ms, trace_parent) VALUES ($type, $key, $name, $due, $period, $trace)
                    ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_at = excluded.due_at, period_ms = excluded.period_ms, trace_parent = excluded.trace_parent
                    """)
                    .With("$due", entry.DueAt).With("$period", (long?)entry.Period?.TotalMilliseconds).With("$trace", commit.TraceParent);
            command.With("$type", id.Type).With("$key", id.Key).With("$name", name).ExecuteNonQuery();
        }

        foreach (var message in commit.Outbox)
        {
            var notBefore = message.NotBefore is { } at && at > commit.At ? at : commit.At;
            writer.Command("""
                INSERT INTO outbox (grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, created_at, next_attempt_at, trace_parent, send_window, sender, calendar)
                VALUES ($type, $key, $tenant, $message, $channel, $recipient, $subject, $body, $at, $next, $trace, $window, $sender, $calendar)
                ON CONFLICT (grain_type, grain_key, message_key) DO NOTHING
                """)
                .With("$type", id.Type).With("$key", id.Key).With("$tenant", id.Tenant).With("$message", message.MessageKey)
                .With("$channel", message.Channel).With("$recipient", message.Recipient).With("$subject", message.Subject)
                .With("$body", message.Body).With("$at", commit.At).With("$next", notBefore).With("$trace", commit.TraceParent)
                .With("$window", message.Window?.ToString()).With("$sender", message.Sender).With("$calendar", message.Calendar)
                .ExecuteNonQuery();
        }

        foreach (var messageKey in commit.CancelledMessages ?? [])
        {
            writer.Command("""
                UPDATE outbox SET status = 'cancelled', completed_at = $at
                WHERE grain_type = $type AND grain_key = $key AND message_key = $message AND status = 'pending'
                """)
                .With("$at", commit.At).With("$type", id.Type).With("$key", id.Key).With("$message", messageKey).ExecuteNonQuery();
        }

        foreach (var row in commit.RowDeletes)
        {
            SqliteQueryRowWriter.Delete(writer, row);
        }

        foreach (var row in commit.RowUpserts)
        {
            SqliteQueryRowWriter.Upsert(writer, row);
        }

        if (commit.Inbox is { } inbox)
        {
            var inserted = writer.Command("""
                INSERT INTO inbox (scope, idem_key, request_hash, grain_type, grain_key, method, result, created_at)
                VALUES ($scope, $idem, $hash, $type, $key, $method, $result, $at) ON CONFLICT DO NOTHING
                """)
                .With("$scope", inbox.Scope).With("$idem", inbox.Key).With("$hash", inbox.RequestHash).With("$type", id.Type)
                .With("$key", id.Key).With("$method", inbox.Method).With("$result", inbox.Result).With("$at", commit.At)
                .ExecuteNonQuery();
            if (inserted != 1)
            {
                throw new ETagConflictException(id); // A concurrent request took the key first: re-run, and replay its result.
            }
        }

        if (commit.CompletedOutbox is { } result)
        {
            SqliteOutboxStore.Complete(writer, result);
        }
    }
}
