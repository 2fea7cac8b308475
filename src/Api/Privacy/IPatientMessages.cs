namespace Recall.Api.Privacy;

/// <summary>A message the outbox holds for a patient: what was (or will be) sent, where, and how it ended.</summary>
public sealed record PatientMessage(long OutboxId, DateTimeOffset CreatedAt, string Channel, string Recipient, string? Subject, string Body, string Status, DateTimeOffset? CompletedAt);

/// <summary>The silo's outbox as a patient's data: read for an export, withdrawn and blanked for an erasure. Implemented by the silo.</summary>
public interface IPatientMessages
{
    Task<IReadOnlyList<PatientMessage>> ReadAsync(string clinicId, string patientId, CancellationToken cancellationToken);

    /// <summary>
    /// Withdraws the patient's queued messages and blanks the address and text of every message kept
    /// (the sandbox's copies and stored command answers go too); the rows stay, so nothing is sent
    /// twice and the counts hold. Returns how many messages were blanked.
    /// </summary>
    Task<int> EraseAsync(string clinicId, string patientId, CancellationToken cancellationToken);
}
