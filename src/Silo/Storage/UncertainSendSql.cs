using System.Data.Common;
using Recall.Grains.Hosting;

namespace Recall.Silo.Storage;

/// <summary>An uncertain message to ask its provider about, and when its row was written (the message cannot be older).</summary>
public sealed record UncertainSend(OutboxEntry Message, DateTimeOffset CreatedAt);

/// <summary>The statements of the uncertain-send check, the same on SQLite and PostgreSQL (@name parameters, instants in Unix ms).</summary>
internal static class UncertainSendSql
{
    public const string Find = """
        SELECT id, grain_type, grain_key, tenant, message_key, channel, recipient, subject, body, attempts, trace_parent, send_window, sender, calendar, created_at
        FROM outbox WHERE status = 'uncertain' AND checked_at IS NULL AND channel = @channel AND completed_at <= @before
        ORDER BY completed_at LIMIT @limit
        """;

    /// <summary>Sends it once more: only an uncertain message never checked, so nothing resends it twice (PostgreSQL also drops the claim).</summary>
    public const string Resend = """
        UPDATE outbox SET status = 'pending', checked_at = @now, next_attempt_at = @now, attempt_started = NULL, completed_at = NULL
        WHERE id = @id AND status = 'uncertain' AND checked_at IS NULL
        """;

    public const string MarkChecked = "UPDATE outbox SET checked_at = @now WHERE id = @id AND checked_at IS NULL";

    public static UncertainSend Read(DbDataReader reader) => new(
        new OutboxEntry(reader.GetInt64(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10),
            SendWindow: reader.IsDBNull(11) ? null : reader.GetString(11), Sender: reader.IsDBNull(12) ? null : reader.GetString(12), Calendar: reader.IsDBNull(13) ? null : reader.GetString(13)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)));
}
