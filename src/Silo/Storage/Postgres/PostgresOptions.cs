using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.Storage.Postgres;

/// <summary>PostgreSQL, shared by several silos. Bound from "Storage:Postgres".</summary>
public sealed class PostgresOptions
{
    public const string Section = "Storage:Postgres";

    /// <summary>An Npgsql connection string, e.g. Host=127.0.0.1;Username=recall;Password=recall;Database=recall.</summary>
    [Required(ErrorMessage = "Storage:Postgres:ConnectionString is required when Storage:Provider is Postgres.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long a silo's claim on a due reminder or message holds without renewal. A killed silo's
    /// work is taken over by another silo this long after its last renewal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often a silo renews the claims it still works on (well under <see cref="ClaimLease"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(2);
}
