using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Recall.Api.Tests;

/// <summary>
/// The API on PostgreSQL, for the queries that are written per dialect: a fresh schema in the test
/// database (RECALL_TEST_POSTGRES, default the server deploy/postgres/start-local.sh starts).
/// </summary>
public sealed class PostgresApiFactory : RecallApiFactory
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=recall;Password=recall;Database=recall_tests";

    private string? schema;

    /// <summary>The connection string of this factory's schema, for tests that read or poke the database itself.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A second silo (in this process) on the schema <paramref name="first"/> uses: a two-silo cluster.</summary>
    public static PostgresApiFactory BesideOf(PostgresApiFactory first) =>
        new() { schema = first.schema ?? throw new InvalidOperationException("Start the first silo (create a client) before its neighbour.") };

    protected override void ConfigureStorage(IWebHostBuilder builder)
    {
        var server = Environment.GetEnvironmentVariable("RECALL_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        if (schema is null)
        {
            schema = $"api_{Guid.NewGuid():N}";
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            create.ExecuteNonQuery();
        }

        builder.UseSetting("Storage:Provider", "Postgres");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, MaxPoolSize = 8 }.ConnectionString;
        builder.UseSetting("Storage:Postgres:ConnectionString", ConnectionString);
    }
}
