using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Recall.Silo.Tests;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh database for one test: a new SQLite file, or a new schema in the PostgreSQL test
/// database (connection from RECALL_TEST_POSTGRES, default the local server that
/// deploy/postgres/start-local.sh starts). Tests read it directly with <see cref="Scalar"/>.
/// </summary>
public sealed record TestDatabase(StorageProvider Provider, string? SqlitePath, string? PostgresConnectionString)
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=recall;Password=recall;Database=recall_tests";

    public static string PostgresServer => Environment.GetEnvironmentVariable("RECALL_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgres;

    public static TestDatabase Create(StorageProvider provider, int maxPoolSize = 8)
    {
        if (provider == StorageProvider.Sqlite)
        {
            return new TestDatabase(provider, Path.Combine(Path.GetTempPath(), "recall-tests", $"{Guid.NewGuid():N}.db"), null);
        }

        var schema = $"t_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(PostgresServer))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            create.ExecuteNonQuery();
        }

        // A small pool per silo: many test silos run at once against one server (max_connections 100).
        return new TestDatabase(provider, null, new NpgsqlConnectionStringBuilder(PostgresServer) { SearchPath = schema, MaxPoolSize = maxPoolSize }.ConnectionString);
    }

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement with @-named parameters (both SQLite and PostgreSQL read them).</summary>
    public int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command.ExecuteNonQuery();
    }

    private DbConnection Open()
    {
        DbConnection connection = Provider == StorageProvider.Sqlite
            ? new SqliteConnection($"Data Source={SqlitePath};Pooling=False")
            : new NpgsqlConnection(PostgresConnectionString);
        connection.Open();
        return connection;
    }
}
