namespace Recall.Api.Audit;

/// <summary>
/// One line of the audit log: when, who (<c>staff:desk</c>, <c>key:k1</c>, <c>admin</c>, <c>system</c>),
/// what, and about which patient. Never a message body or a field's value.
/// </summary>
public sealed record AuditEntry(long Id, string ClinicId, DateTimeOffset At, string Actor, string Action, string? PatientId, string? Detail);

/// <summary>Which entries to read: newest first, before an id (the previous page's last), optionally one patient's or one actor's.</summary>
public sealed record AuditQuery(string? PatientId = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null, long? Before = null, int Limit = 100);

/// <summary>The clinic's append-only audit log. Implemented by the silo on its database (append-only there too).</summary>
public interface IAuditLog
{
    /// <summary>Appends and returns once the entry is stored.</summary>
    Task AppendAsync(string clinicId, DateTimeOffset at, string actor, string action, string? patientId, string? detail, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadAsync(string clinicId, AuditQuery query, CancellationToken cancellationToken);
}
