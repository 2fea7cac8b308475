using Orleans;

namespace Recall.Grains.Clinics;

[GenerateSerializer, Immutable]
public sealed record ClinicView(string Id, ClinicSettings Settings, IReadOnlyList<RecallRule> RecallRules, DateTimeOffset CreatedAt);

/// <summary>An API key as listed: never with its secret.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyView(string KeyId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A template as the clinic uses it: its own or the default, with the SMS size of its text.</summary>
[GenerateSerializer, Immutable]
public sealed record EffectiveTemplate(
    Templates.TemplatePurpose Purpose,
    string Language,
    string Body,
    string? Subject,
    bool IsDefault,
    Templates.SmsSize Size);
