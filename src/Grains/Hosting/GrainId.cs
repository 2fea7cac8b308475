namespace Recall.Grains.Hosting;

/// <summary>
/// A grain's identity: its type name and its string key. Keys of tenant-owned grains start with
/// the clinic id (<c>clinic/patient</c>), which is how the host knows whose rows a turn writes.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The clinic that owns the grain: the key up to its first '/'.</summary>
    public string Tenant => Key.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? Key[..i] : Key;

    public override string ToString() => $"{Type}/{Key}";
}
