using System.Data.Common;
using System.Diagnostics;
using Npgsql;

namespace Recall.Benchmarks;

/// <summary>
/// The database's own commit rate with the silo's durability settings (SQLite WAL with
/// synchronous=FULL; PostgreSQL with synchronous_commit on), measured with plain ADO.NET and no
/// silo: the ceiling any reminder implementation on this machine works under.
/// </summary>
internal static class CommitLimit
{
    public const int BatchSize = 500;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);

    public sealed record Rate(string What, double PerSecond, string Unit);

    public static async Task<List<Rate>> MeasureAsync(Provider provider)
    {
        using var database = BenchDatabase.Create(provider, "limit");
        var sqlite = provider == Provider.Sqlite;
        if (sqlite)
        {
            database.Execute("PRAGMA journal_mode=WAL");
        }

        database.Execute(sqlite
            ? """
              CREATE TABLE single_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, payload BLOB NOT NULL);
              CREATE TABLE state (k TEXT PRIMARY KEY, etag INTEGER NOT NULL, doc BLOB NOT NULL) WITHOUT ROWID;
              CREATE TABLE due (k TEXT PRIMARY KEY, due_at INTEGER NOT NULL) WITHOUT ROWID;
              CREATE INDEX due_by_time ON due (due_at);
              CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, k TEXT NOT NULL, body TEXT NOT NULL);
              """
            : """
              CREATE TABLE single_rows (id bigserial PRIMARY KEY, payload bytea NOT NULL);
              CREATE TABLE state (k text PRIMARY KEY, etag bigint NOT NULL, doc bytea NOT NULL);
              CREATE TABLE due (k text PRIMARY KEY, due_at bigint NOT NULL);
              CREATE INDEX due_by_time ON due (due_at);
              CREATE TABLE messages (id bigserial PRIMARY KEY, k text NOT NULL, body text NOT NULL);
              """);
        var units = sqlite ? 400_000 : 200_000;
        SeedUnits(database, units);
        var durability = database.Durability();
        var rates = new List<Rate>
        {
            new("single-row commits, 1 connection", SingleRows(database, 1), "commits/s"),
        };
        if (!sqlite)
        {
            rates.Add(new("single-row commits, 64 connections at once (server-side group commit)", SingleRows(database, 64), "commits/s"));
        }

        rates.Add(new($"batched: {BatchSize} rows per commit", BatchedRows(database), "rows/s"));
        rates.Add(new($"batched reminder work: {BatchSize} x (update state, insert outbox row, delete reminder) per commit", BatchedUnits(database, units), "reminders/s"));
        Console.WriteLine(durability);
        await Task.CompletedTask;
        return rates;
    }

    private static double SingleRows(BenchDatabase database, int connections)
    {
        long commits = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, connections, new ParallelOptions { MaxDegreeOfParallelism = connections }, _ =>
        {
            using var connection = database.Open();
            using var command = Command(connection, "INSERT INTO single_rows (payload) VALUES (@p)", ("@p", new byte[64]));
            command.Prepare();
            while (clock.Elapsed < Duration)
            {
                command.ExecuteNonQuery();
                Interlocked.Increment(ref commits);
            }
        });
        return commits / clock.Elapsed.TotalSeconds;
    }

    private static double BatchedRows(BenchDatabase database)
    {
        using var connection = database.Open();
        using var command = Command(connection, "INSERT INTO single_rows (payload) VALUES (@p)", ("@p", new byte[64]));
        long rows = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration)
        {
            if (connection is NpgsqlConnection npgsql)
            {
                // One round trip for the whole batch, as the silo sends a turn's statements.
                using var pgTransaction = npgsql.BeginTransaction();
                using var batch = new NpgsqlBatch(npgsql, pgTransaction);
                for (var i = 0; i < BatchSize; i++)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO single_rows (payload) VALUES ($1)") { Parameters = { new() { Value = new byte[64] } } });
                }

                batch.ExecuteNonQuery();
                pgTransaction.Commit();
                rows += BatchSize;
                continue;
            }

            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            command.Prepare();
            for (var i = 0; i < BatchSize; i++)
            {
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            rows += BatchSize;
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    /// <summary>What one reminder commits, without the silo: the state row moves on, an outbox row appears, the reminder row goes.</summary>
    private static double BatchedUnits(BenchDatabase database, int available)
    {
        using var connection = database.Open();
        using var update = Command(connection, "UPDATE state SET etag = etag + 1, doc = @d WHERE k = @k AND etag = 1", ("@d", new byte[40]), ("@k", ""));
        using var insert = Command(connection, "INSERT INTO messages (k, body) VALUES (@k, 'Time for your check-up.')", ("@k", ""));
        using var delete = Command(connection, "DELETE FROM due WHERE k = @k", ("@k", ""));
        long done = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration && done + BatchSize <= available)
        {
            if (connection is NpgsqlConnection npgsql)
            {
                using var transaction = npgsql.BeginTransaction();
                using var batch = new NpgsqlBatch(npgsql, transaction);
                for (var i = 0; i < BatchSize; i++)
                {
                    var key = $"k{done + i}";
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE state SET etag = etag + 1, doc = $1 WHERE k = $2 AND etag = 1") { Parameters = { new() { Value = new byte[40] }, new() { Value = key } } });
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO messages (k, body) VALUES ($1, 'Time for your check-up.')") { Parameters = { new() { Value = key } } });
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM due WHERE k = $1") { Parameters = { new() { Value = key } } });
                }

                batch.ExecuteNonQuery();
                transaction.Commit();
            }
            else
            {
                using var transaction = connection.BeginTransaction();
                foreach (var command in new[] { update, insert, delete })
                {
                    command.Transaction = transaction;
                    command.Prepare();
                }

                for (var i = 0; i < BatchSize; i++)
                {
                    var key = $"k{done + i}";
                    update.Parameters["@k"].Value = insert.Parameters["@k"].Value = delete.Parameters["@k"].Value = key;
                    update.ExecuteNonQuery();
                    insert.ExecuteNonQuery();
                    delete.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            done += BatchSize;
        }

        return done / clock.Elapsed.TotalSeconds;
    }

    private static void SeedUnits(BenchDatabase database, int count)
    {
        if (database.Provider == Provider.Postgres)
        {
            database.Execute($"""
                INSERT INTO state SELECT 'k' || i, 1, '\x00'::bytea FROM generate_series(0, {count - 1}) i;
                INSERT INTO due SELECT 'k' || i, i FROM generate_series(0, {count - 1}) i;
                ANALYZE state; ANALYZE due;
                """);
            return;
        }

        database.Execute($"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {count - 1})
            INSERT INTO state SELECT 'k' || i, 1, x'00' FROM n;
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {count - 1})
            INSERT INTO due SELECT 'k' || i, i FROM n;
            """);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameter.DbType = value is string ? System.Data.DbType.String : System.Data.DbType.Binary;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
