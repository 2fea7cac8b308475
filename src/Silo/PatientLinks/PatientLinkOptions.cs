using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.PatientLinks;

/// <summary>
/// Where patients reach their pages, and (optionally) the key links are signed with. Without a key the
/// silo makes one on first start and keeps it in the database, shared by every silo of a cluster.
/// </summary>
public sealed class PatientLinkOptions
{
    public const string Section = "PatientLinks";

    /// <summary>The address patients open, as the internet sees this service (behind a proxy: the proxy's).</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080/");

    /// <summary>Base64 of at least 32 random bytes; rotating it ends every link given out before.</summary>
    public string? SigningKey { get; set; }
}
