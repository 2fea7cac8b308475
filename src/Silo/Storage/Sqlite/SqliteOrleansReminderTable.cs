using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>
/// Orleans' reminder table on the embedded database (Orleans ships none for SQLite), in orleans_reminders
/// (migration 003). Reads go through the pooled read connections; writes join the single writer's group
/// commit, so reminders registered together share one transaction and one fsync. Rows are scoped by
/// <see cref="ClusterOptions.ServiceId"/>, as Orleans' own tables are: reminders outlive a change of cluster id.
/// </summary>
/// <remarks>
/// The etag is the row's version, a number the table never hands out twice (see the migration): it moves on every
/// upsert, and a handle from a removed reminder never matches one registered again under the same name. Times are
/// stored as Unix milliseconds, so a start time or period comes back truncated to the millisecond (as from
/// Orleans' SQL Server table); Orleans compares reminders by etag, not by time, so that changes nothing.
/// </remarks>
internal sealed class SqliteOrleansReminderTable(SqliteDatabase database, IOptions<ClusterOptions> clusterOptions) : Orleans.IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ms, version";

    private readonly string serviceId = clusterOptions.Value.ServiceId;

    /// <summary>Nothing to prepare: the table comes with the database's migrations, applied when it opens.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => Read(
        $"SELECT {Columns} FROM orleans_reminders WHERE service_id = $service AND grain_id = $grain",
        command => command.With("$grain", grainId.ToString()));

    /// <summary>
    /// The reminders whose grain hash is in (begin, end] on the ring; when begin &gt;= end the range wraps past the
    /// top, (begin, max] and [0, end], and begin == end is the whole ring. The two halves of a wrapped range never
    /// overlap, so each is one range scan of the hash index and they are simply concatenated.
    /// </summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => begin < end
        ? Read(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = $service AND grain_hash > $begin AND grain_hash <= $end",
            command => command.With("$begin", (long)begin).With("$end", (long)end))
        : Read(
            $"""
            SELECT {Columns} FROM orleans_reminders WHERE service_id = $service AND grain_hash > $begin
            UNION ALL
            SELECT {Columns} FROM orleans_reminders WHERE service_id = $service AND grain_hash <= $end
            """,
            command => command.With("$begin", (long)begin).With("$end", (long)end));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Read(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name",
            command => command.With("$grain", grainId.ToString()).With("$name", reminderName));
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    /// <summary>
    /// Inserts the reminder or overwrites it, whatever its etag (Orleans' contract: registering again replaces),
    /// and returns the new etag. The replaced row takes a fresh version; the hash is written again with it, so a
    /// row always sits where its grain id puts it on the ring.
    /// </summary>
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var grainId = entry.GrainId.ToString();
        var hash = (long)entry.GrainId.GetUniformHashCode();
        var startAt = SqliteValues.Ms(new DateTimeOffset(AsUtc(entry.StartAt)));
        var periodMs = entry.Period.Ticks / TimeSpan.TicksPerMillisecond;
        long version = 0;
        // The writer may run this twice (once in the whole group, again under a savepoint if another turn of the
        // group failed): only the run that committed assigns last.
        await database.WriteAsync(writer => version = (long)writer.Command("""
            INSERT OR REPLACE INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms)
            VALUES ($service, $grain, $name, $hash, $start, $period)
            RETURNING version
            """)
            .With("$service", serviceId).With("$grain", grainId).With("$name", entry.ReminderName)
            .With("$hash", hash).With("$start", startAt).With("$period", periodMs)
            .ExecuteScalar()!);
        return version.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Removes the reminder only under the etag the caller holds. False if the row is gone or was upserted since
    /// (Orleans then reads the row to tell "already removed" from "changed"), and for an etag this table never
    /// issued, rather than throwing.
    /// </summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        var grain = grainId.ToString();
        var removed = 0;
        await database.WriteAsync(writer => removed = writer.Command("""
            DELETE FROM orleans_reminders
            WHERE version = $version AND service_id = $service AND grain_id = $grain AND reminder_name = $name
            """)
            .With("$version", version).With("$service", serviceId).With("$grain", grain).With("$name", reminderName)
            .ExecuteNonQuery());
        return removed == 1;
    }

    /// <summary>Removes this service's reminders only: another service id sharing the file keeps its own.</summary>
    public Task TestOnlyClearTable() => database.WriteAsync(writer => writer
        .Command("DELETE FROM orleans_reminders WHERE service_id = $service")
        .With("$service", serviceId)
        .ExecuteNonQuery());

    /// <summary>Orleans' reminder service works in UTC; a time without a kind is taken as UTC, as Orleans' own tables do.</summary>
    private static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    /// <summary>
    /// Runs a read on a pooled connection (it sees what the writer has committed, so an upsert that returned is
    /// read back). Synchronous, as the other SQLite stores are: Microsoft.Data.Sqlite's async calls run
    /// synchronously anyway.
    /// </summary>
    private Task<ReminderTableData> Read(string sql, Action<SqliteCommand> bind)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.With("$service", serviceId);
        bind(command);
        using var reader = command.ExecuteReader();
        var entries = new List<ReminderEntry>();
        while (reader.Read())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = SqliteValues.Instant(reader.GetInt64(2)).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return Task.FromResult(new ReminderTableData(entries));
    }
}
