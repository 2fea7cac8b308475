using Recall.Grains.Clinics;

namespace Recall.Grains.Queries;

/// <summary>Finds an API key by id, to authenticate an integration's request.</summary>
public interface IApiKeyDirectory
{
    Task<ApiKeyRow?> FindAsync(string keyId, CancellationToken cancellationToken);
}
