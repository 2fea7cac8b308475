namespace Recall.Grains.Clinics;

/// <summary>
/// The persisted state of a clinic. Stored as JSON: never rename or reuse a property; add new
/// ones with defaults so that documents written by earlier versions still read.
/// </summary>
public sealed class ClinicState
{
    public bool Exists { get; set; }

    public ClinicSettings? Settings { get; set; }

    public List<RecallRule> RecallRules { get; set; } = [];

    public List<ApiKey> ApiKeys { get; set; } = [];

    /// <summary>The clinic's own wording; any purpose and language not here uses the shipped default.</summary>
    public List<Templates.MessageTemplate> Templates { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An integration's API key. Only a hash of the secret is kept.</summary>
public sealed record ApiKey(string KeyId, string Name, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null);
