using Npgsql;
using Recall.Grains.Hosting;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// Reminders shared by several silos. A silo claims due rows with FOR UPDATE SKIP LOCKED and a
/// lease (so two silos never take the same rows, and neither waits for the other); the firing
/// turn's commit advances the row and clears the claim. A killed silo's claims expire and another
/// silo takes them over.
/// </summary>
public sealed class PostgresReminderTable(PostgresDatabase database) : IReminderTable
{
    public async Task<IReadOnlyList<DueReminder>> ClaimDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.Command("""
            WITH due AS (
                SELECT grain_type, grain_key, name FROM reminders
                WHERE due_at <= @now AND (claim_until IS NULL OR claim_until < now())
                ORDER BY due_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            UPDATE reminders r SET claimed_by = @silo, claim_until = now() + @lease
            FROM due
            WHERE r.grain_type = due.grain_type AND r.grain_key = due.grain_key AND r.name = due.name
            RETURNING r.grain_type, r.grain_key, r.name, r.due_at, r.period_ms, r.trace_parent
            """)
            .With("now", now).With("limit", limit).With("silo", database.SiloId).With("lease", database.Options.ClaimLease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueReminder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueReminder(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                PostgresValues.Instant(reader.GetInt64(3)), reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.NullableString(5)));
        }

        return [.. due.OrderBy(r => r.DueAt)];
    }

    public async Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        // This silo's own claims count (they are in flight here); other silos' live claims do not.
        await using var command = database.Command(
            "SELECT MIN(due_at) FROM reminders WHERE claim_until IS NULL OR claim_until < now() OR claimed_by = @silo").With("silo", database.SiloId);
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? PostgresValues.Instant(ms) : null;
    }

    /// <summary>
    /// Extends the leases of the reminders this silo is firing right now (and no others). A row
    /// locked at this moment is being committed by its turn (which removes or moves it), so it is
    /// skipped rather than waited for: waiting on rows that a group commit locks in another order
    /// deadlocked the two (PostgreSQL broke it after deadlock_timeout, a second's stall each time).
    /// </summary>
    internal static NpgsqlBatchCommand Renew(PostgresDatabase database, IReadOnlyCollection<(GrainId Grain, string Name)> working) =>
        new NpgsqlBatchCommand("""
            UPDATE reminders r SET claim_until = now() + @lease
            FROM (SELECT r2.grain_type, r2.grain_key, r2.name
                  FROM reminders r2 JOIN unnest(@types, @keys, @names) AS w(grain_type, grain_key, name)
                    ON r2.grain_type = w.grain_type AND r2.grain_key = w.grain_key AND r2.name = w.name
                  WHERE r2.claimed_by = @silo
                  FOR UPDATE OF r2 SKIP LOCKED) AS w
            WHERE r.grain_type = w.grain_type AND r.grain_key = w.grain_key AND r.name = w.name
            """)
            .With("lease", database.Options.ClaimLease).With("silo", database.SiloId)
            .With("types", working.Select(w => w.Grain.Type).ToArray())
            .With("keys", working.Select(w => w.Grain.Key).ToArray())
            .With("names", working.Select(w => w.Name).ToArray());
}
