using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Recall.Benchmarks;

internal enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh database for one measurement: a new SQLite file under the temp directory, or a new schema
/// in the benchmark's own PostgreSQL database (RECALL_BENCH_POSTGRES, default recall_bench on the
/// local server, created if missing). Removed again when disposed.
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=recall;Password=recall;Database=recall_bench";

    private BenchDatabase(Provider provider, string? sqlitePath, string? postgres, string? schema)
    {
        Provider = provider;
        SqlitePath = sqlitePath;
        PostgresConnectionString = postgres;
        Schema = schema;
    }

    public static string PostgresServer => Environment.GetEnvironmentVariable("RECALL_BENCH_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgres;

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "recall-bench");

    public Provider Provider { get; }

    public string? SqlitePath { get; }

    public string? PostgresConnectionString { get; }

    public string? Schema { get; }

    /// <summary>The connection string for this database (SQLite: pooled, default timeout 30 s).</summary>
    public string ConnectionString => Provider == Provider.Sqlite
        ? new SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = true, DefaultTimeout = 30 }.ToString()
        : PostgresConnectionString!;

    public static BenchDatabase Create(Provider provider, string name, int maxPoolSize = 50)
    {
        if (provider == Provider.Sqlite)
        {
            System.IO.Directory.CreateDirectory(Directory);
            return new BenchDatabase(provider, Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}.db"), null, null);
        }

        EnsurePostgresDatabase();
        var schema = $"bench_{name.Replace('-', '_')}_{Guid.NewGuid().ToString("N")[..8]}";
        using (var connection = new NpgsqlConnection(PostgresServer))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            create.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { SearchPath = schema, MaxPoolSize = maxPoolSize };
        return new BenchDatabase(provider, null, builder.ConnectionString, schema);
    }

    /// <summary>An existing SQLite file (kept when disposed), e.g. the result of an import reused by the memory scenario.</summary>
    public static BenchDatabase ExistingSqlite(string path) => new(Provider.Sqlite, path, null, "keep");

    public DbConnection Open()
    {
        DbConnection connection = Provider == Provider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Text(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
    }

    /// <summary>How durable a commit is here: SQLite's journal mode and synchronous level, or PostgreSQL's synchronous_commit and fsync.</summary>
    public string Durability() => Provider == Provider.Sqlite
        ? $"journal_mode={Text("PRAGMA journal_mode")}, synchronous={Text("PRAGMA synchronous")} (2 = FULL)"
        : $"synchronous_commit={Text("SHOW synchronous_commit")}, fsync={Text("SHOW fsync")}, wal_sync_method={Text("SHOW wal_sync_method")}, PostgreSQL {Text("SHOW server_version")}";

    public void Dispose()
    {
        if (Schema == "keep")
        {
            return;
        }

        if (Provider == Provider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".silo.lock" })
            {
                File.Delete(SqlitePath + suffix);
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(PostgresServer);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
            drop.CommandTimeout = 600;
            drop.ExecuteNonQuery();
        }
    }

    private static void EnsurePostgresDatabase()
    {
        var target = new NpgsqlConnectionStringBuilder(PostgresServer);
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database}\"", connection);
            create.ExecuteNonQuery();
        }
    }
}
