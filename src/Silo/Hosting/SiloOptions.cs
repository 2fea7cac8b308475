using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.Hosting;

/// <summary>How the actor host runs. Bound from the "Silo" configuration section.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>An activation idle this long (by the silo's clock) is collected; its state stays in the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often (real time) the collector looks for idle activations.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times a turn re-runs after an ETag conflict (with random, growing pauses) before it gives up.</summary>
    [Range(1, 100)]
    public int MaxConflictRetries { get; set; } = 20;
}
