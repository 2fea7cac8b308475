using Orleans;

namespace Recall.Grains.Hosting;

// Serializable by Orleans with their fields ([GenerateSerializer]): a grain on another silo throws them to the API.

/// <summary>A command's input is invalid. The turn commits nothing; the API answers 400 naming each field.</summary>
[GenerateSerializer]
public sealed class GrainValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static GrainValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The grain the command addresses does not exist (yet). The API answers 404.</summary>
[GenerateSerializer]
public sealed class GrainNotFoundException(string message) : Exception(message);

/// <summary>The command conflicts with the grain's current state (e.g. creating what exists). The API answers 409.</summary>
[GenerateSerializer]
public sealed class GrainConflictException(string message) : Exception(message);

/// <summary>An idempotency key was reused for a different request. The API answers 422.</summary>
[GenerateSerializer]
public sealed class IdempotencyKeyReusedException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used for a different request.");
