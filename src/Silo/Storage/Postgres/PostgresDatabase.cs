using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// The shared database: one Npgsql data source for the silo, its schema migrated at start-up
/// (under an advisory lock, so silos starting together migrate once), the silo's identity for
/// claims, and the NOTIFY channel that wakes other silos when work is committed (<see cref="PostgresWakeups"/>).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private const string MigrationPrefix = "Recall.Silo.Storage.Postgres.Migrations.";
    private const long MigrationLockKey = 727_211_001;

    public PostgresDatabase(IOptions<PostgresOptions> options, SiloLog log)
    {
        Options = options.Value;
        // The same few statements run for every turn: let Npgsql prepare them on each connection (unless the
        // connection string says otherwise), so PostgreSQL parses and plans each once, not once per turn.
        var main = new NpgsqlConnectionStringBuilder(Options.ConnectionString);
        if (!Options.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            main.MaxAutoPrepare = 64;
            main.AutoPrepareMinUsages = 2;
        }

        // Turns, loads and queries are many small statements from many callers at once: multiplexed, they
        // share a few connections, written together and read together, instead of each waking a
        // backend of its own (PostgreSQL's CPU per API command fell by a third; docs/benchmarks.md).
        // Multiplexing allows no synchronous calls: the few at start-up go through the control pool.
        if (!Options.ConnectionString.Contains("Multiplexing", StringComparison.OrdinalIgnoreCase))
        {
            main.Multiplexing = true;
        }

        // Without multiplexing, a pooled connection is handed back as it was taken (the silo sets no session
        // state, takes no session locks, and LISTENs only on its control pool), so Npgsql need not reset it:
        // its reset is six statements (RESET ALL, UNLISTEN *, pg_advisory_unlock_all() ...) on every reuse.
        if (!Options.ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            main.NoResetOnClose = true;
        }

        DataSource = Build(main.ConnectionString);
        // Claim renewals, LISTEN and Orleans' membership get their own small pool, so they never queue behind a busy
        // silo's turns; keepalives notice a half-open LISTEN connection. Not multiplexed: LISTEN holds its connection.
        ControlDataSource = Build(new NpgsqlConnectionStringBuilder(Options.ConnectionString)
        {
            MaxPoolSize = 4,
            Multiplexing = false,
            KeepAlive = 10,
            ApplicationName = "recall-silo-control",
        }.ConnectionString);
        SiloId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        using var connection = ControlDataSource.OpenConnection();
        using (var schema = new NpgsqlCommand("SELECT current_schema()", connection))
        {
            var current = schema.ExecuteScalar() as string
                ?? throw new InvalidOperationException("The connection's search path names no schema that exists; create it first.");
            // A channel name is an identifier of at most 63 bytes: a hash of the schema keeps any schema name short and safe.
            Channel = $"recall_work_{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(current)))[..16]}";
        }

        SchemaVersion = Migrate(connection, log);
        log.PostgresOpened(connection.Host ?? "?", connection.Database, SchemaVersion, SiloId);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A small separate pool, not multiplexed: lease renewals, the notification listener, and start-up's synchronous reads.</summary>
    public NpgsqlDataSource ControlDataSource { get; }

    public PostgresOptions Options { get; }

    /// <summary>Who claims work: unique per process start.</summary>
    public string SiloId { get; }

    /// <summary>The NOTIFY channel of this database schema (so test schemas do not wake each other).</summary>
    public string Channel { get; }

    public int SchemaVersion { get; }

    public NpgsqlCommand Command(string sql) => DataSource.CreateCommand(sql);

    public async ValueTask DisposeAsync()
    {
        await ControlDataSource.DisposeAsync();
        await DataSource.DisposeAsync();
    }

    /// <summary>
    /// Statements are spans only inside a trace (an API request, a turn, a send): the outbox and reminder polls,
    /// claim renewals and LISTEN run every second or so with no caller, and would each start a trace of their own.
    /// </summary>
    private static NpgsqlDataSource Build(string connectionString) => new NpgsqlDataSourceBuilder(connectionString)
        .ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => Activity.Current is not null)
            .ConfigureBatchFilter(_ => Activity.Current is not null))
        .Build();

    private static int Migrate(NpgsqlConnection connection, SiloLog log)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction);
        var current = (int)read.ExecuteScalar()!;
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(MigrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (File: n[MigrationPrefix.Length..^4], Resource: n))
            .Select(s => (Version: int.Parse(s.File[..3], System.Globalization.CultureInfo.InvariantCulture), Name: s.File[4..], s.Resource))
            .Where(s => s.Version > current)
            .OrderBy(s => s.Version);
        foreach (var (version, name, resource) in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            Execute(connection, transaction, reader.ReadToEnd());
            using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@v, @n)", connection, transaction);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("n", name);
            record.ExecuteNonQuery();
            log.MigrationApplied(version, name);
            current = version;
        }

        transaction.Commit();
        return current;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
