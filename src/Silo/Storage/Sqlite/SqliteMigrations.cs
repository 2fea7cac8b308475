using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>
/// Applies the numbered scripts in Migrations/ (NNN_name.sql, embedded) that the database has not
/// seen yet, each in its own transaction, and records them in schema_version.
/// </summary>
internal static class SqliteMigrations
{
    private const string Prefix = "Recall.Silo.Storage.Sqlite.Migrations.";

    public static int Apply(SqliteConnection connection, SiloLog log)
    {
        Run(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        var current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;"), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, name, sql) in Scripts().Where(s => s.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Run(connection, transaction, sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ','now'));";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            record.ExecuteNonQuery();
            transaction.Commit();
            log.MigrationApplied(version, name);
            current = version;
        }

        return current;
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[Prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (int.Parse(file[..3], System.Globalization.CultureInfo.InvariantCulture), file[4..], reader.ReadToEnd());
            })
            .OrderBy(s => s.Item1);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
