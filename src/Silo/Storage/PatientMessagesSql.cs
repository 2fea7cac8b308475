using System.Data.Common;
using Recall.Api.Privacy;

namespace Recall.Silo.Storage;

/// <summary>The outbox as one patient's data, the same statements on SQLite and PostgreSQL (@name parameters, instants in Unix ms).</summary>
internal static class PatientMessagesSql
{
    public const string Select = """
        SELECT id, created_at, channel, recipient, subject, body, status, completed_at FROM outbox
        WHERE grain_type = 'patient' AND grain_key = @key ORDER BY id
        """;

    /// <summary>Queued messages are withdrawn; every kept message loses its address and text; copies and stored answers go.</summary>
    public static readonly string[] Erase =
    [
        """
        UPDATE outbox SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
            completed_at = COALESCE(completed_at, @now), recipient = '', subject = NULL, body = '', calendar = NULL
        WHERE grain_type = 'patient' AND grain_key = @key
        """,
        "DELETE FROM sandbox_messages WHERE tenant = @clinic AND grain_key = @key",
        "DELETE FROM inbox WHERE grain_type = 'patient' AND grain_key = @key",
    ];

    public static PatientMessage Read(DbDataReader reader) => new(
        reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetString(6),
        reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));
}
