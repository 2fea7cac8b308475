using System.Collections.Concurrent;
using Recall.Grains.Queries;

namespace Recall.Api.Security;

/// <summary>
/// Which clinic an API key id belongs to. That never changes, so it is read from the keys table once
/// per key and kept; whether the key is still valid is asked of its clinic grain on every request.
/// Only keys that exist are kept, so unknown ids cannot grow the map.
/// </summary>
public sealed class ApiKeyOwners(IApiKeyDirectory keys)
{
    private readonly ConcurrentDictionary<string, string> clinics = new(StringComparer.Ordinal);

    public async ValueTask<string?> ClinicOfAsync(string keyId, CancellationToken cancellationToken)
    {
        if (clinics.TryGetValue(keyId, out var known))
        {
            return known;
        }

        if (await keys.FindAsync(keyId, cancellationToken) is not { } row)
        {
            return null;
        }

        clinics[keyId] = row.ClinicId;
        return row.ClinicId;
    }
}
