namespace Recall.Grains.Clinics;

public sealed record ClinicView(string Id, ClinicSettings Settings, IReadOnlyList<RecallRule> RecallRules, DateTimeOffset CreatedAt);

/// <summary>An API key as listed: never with its secret.</summary>
public sealed record ApiKeyView(string KeyId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
