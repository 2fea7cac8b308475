using System.ComponentModel.DataAnnotations;

namespace Recall.Silo;

/// <summary>How the silo runs its grains. Bound from the "Silo" configuration section.</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>
    /// An activation idle this long (real time) is collected by Orleans (its GrainCollectionOptions.CollectionAge);
    /// its state stays in the database. Orleans looks once a minute, so less than two minutes means nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:02:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times a call re-runs after an ETag conflict (reading the grain again each time) before it gives up.</summary>
    [Range(1, 100)]
    public int MaxConflictRetries { get; set; } = 20;

    /// <summary>For the crash tests only: where the silo kills itself (see <see cref="CrashPoints"/>). Never set in production.</summary>
    public string? CrashAt { get; set; }
}
