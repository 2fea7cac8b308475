using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>The embedded database. Bound from "Storage:Sqlite".</summary>
public sealed class SqliteOptions
{
    public const string Section = "Storage:Sqlite";

    /// <summary>The database file; a relative path is under the silo's content root.</summary>
    [Required]
    public string Path { get; set; } = "data/recall.db";

    /// <summary>FULL (default: a committed turn survives a power cut) or NORMAL (faster; may lose the last commits on power loss).</summary>
    [RegularExpression("^(FULL|NORMAL)$", ErrorMessage = "Storage:Sqlite:Synchronous must be FULL or NORMAL.")]
    public string Synchronous { get; set; } = "FULL";

    /// <summary>At most this many turns share one transaction (group commit).</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 2048;
}
