using System.Data.Common;
using System.Text;
using Recall.Api.Audit;

namespace Recall.Silo.Storage;

/// <summary>The audit log's statements, the same on SQLite and PostgreSQL (both read @name parameters; instants are Unix ms).</summary>
internal static class AuditSql
{
    public const string Insert = "INSERT INTO audit_log (clinic_id, at, actor, action, patient_id, detail) VALUES (@clinic, @at, @actor, @action, @patient, @detail)";

    /// <summary>The entries a query asks for, newest first; only the filters it sets are in the statement.</summary>
    public static (string Sql, List<(string Name, object Value)> Parameters) Select(string clinicId, AuditQuery query)
    {
        var sql = new StringBuilder("SELECT id, clinic_id, at, actor, action, patient_id, detail FROM audit_log WHERE clinic_id = @clinic");
        var parameters = new List<(string, object)> { ("clinic", clinicId) };
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }

        Filter("patient_id = @patient", "patient", query.PatientId);
        Filter("actor = @actor", "actor", query.Actor);
        Filter("at >= @from", "from", query.From?.ToUnixTimeMilliseconds());
        Filter("at < @to", "to", query.To?.ToUnixTimeMilliseconds());
        Filter("id < @before", "before", query.Before);
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        parameters.Add(("limit", query.Limit));
        return (sql.ToString(), parameters);
    }

    public static AuditEntry Read(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
}
