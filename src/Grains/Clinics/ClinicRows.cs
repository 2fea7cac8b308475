using Orleans;
using Recall.Grains.Hosting;

namespace Recall.Grains.Clinics;

/// <summary>The clinic in the clinics table.</summary>
public sealed record ClinicRow(string ClinicId, string Name, string TimeZone) : QueryRow
{
    public override string RowKey => ClinicId;
}

/// <summary>An API key in the lookup table used to authenticate integrations.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRow(string KeyId, string ClinicId, string SecretHash, bool Revoked) : QueryRow
{
    public override string RowKey => KeyId;
}
