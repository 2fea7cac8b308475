using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Recall.Silo.Cluster;

/// <summary>How this silo joins its Orleans cluster. Bound from "Orleans".</summary>
public sealed class OrleansSiloOptions
{
    public const string Section = "Orleans";

    /// <summary>The cluster this silo joins: silos on the same database and cluster id form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Orleans:ClusterId is 1-64 letters, digits, '.', '_' or '-'.")]
    public string ClusterId { get; set; } = "recall";

    /// <summary>Stays the same across deployments of the same product (Orleans keys reminders and grain state by it).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Orleans:ServiceId is 1-64 letters, digits, '.', '_' or '-'.")]
    public string ServiceId { get; set; } = "recall";

    /// <summary>Silo-to-silo traffic. 0 picks a free port at start (tests, and one embedded silo that nobody dials).</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The port for external Orleans clients. 0, the default, opens none: the API runs inside the silo
    /// and calls grains directly, so only a separate client process would need a gateway.
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>
    /// The address other silos reach this one at. Loopback by default, so nothing listens beyond
    /// this machine unless an operator says so: silos on several machines set the machine's address,
    /// or "auto" for its first non-loopback address (a container on a compose network).
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The address to advertise, or null for "auto" (Orleans then picks the machine's first non-loopback address).</summary>
    internal IPAddress? ParseAdvertisedAddress() =>
        AdvertisedAddress.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null
        : IPAddress.TryParse(AdvertisedAddress, out var address) ? address
        : throw new InvalidOperationException($"Orleans:AdvertisedAddress '{AdvertisedAddress}' is neither an IP address nor 'auto'.");
}
