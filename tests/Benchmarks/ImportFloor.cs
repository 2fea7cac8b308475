using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Recall.Benchmarks;

/// <summary>
/// The database's own cost of an import's writes: the rows the import wrote (each patient's state,
/// reminder, patient row and recall cycle) are read back into memory, then inserted into an empty
/// copy of the same tables and indexes with prepared statements on one connection, in their key
/// order, with the silo's durability and writer cache: no grains, no JSON, no HTTP, no reads. Any
/// import that writes these rows on this machine takes at least this long.
/// </summary>
internal static class ImportFloor
{
    /// <summary>Each table with the rows of it that belong to patients.</summary>
    private static readonly (string Table, string Filter)[] Tables =
    [
        ("grain_state", "grain_type = 'patient'"),
        ("reminders", "grain_type = 'patient'"),
        ("patients", "1 = 1"),
        ("recall_cycles", "1 = 1"),
    ];

    /// <summary>Seconds to insert the rows, for each transaction size given (patients per commit).</summary>
    public static List<(int Batch, TimeSpan Elapsed)> Measure(string importedPath, params int[] batches)
    {
        var (schema, rows) = ReadBack(importedPath);
        var results = new List<(int, TimeSpan)>();
        foreach (var batch in batches)
        {
            var path = Path.Combine(BenchDatabase.Directory, "import-floor.db");
            DeleteDatabase(path);
            using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                target.Open();
                Execute(target, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;");
                schema.ForEach(sql => Execute(target, sql));
                results.Add((batch, Insert(target, rows, batch)));
            }

            DeleteDatabase(path);
        }

        return results;
    }

    private static TimeSpan Insert(SqliteConnection target, List<object[]>[] rows, int batch)
    {
        var inserts = Tables.Select((t, i) =>
        {
            var command = target.CreateCommand();
            var width = rows[i].Count > 0 ? rows[i][0].Length : 0;
            command.CommandText = $"INSERT INTO {t.Table} VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(c => $"$p{c}"))})";
            for (var c = 0; c < width; c++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{c}", null));
            }

            return command;
        }).ToArray();
        var patients = rows.Max(r => r.Count);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < patients; start += batch)
        {
            using var transaction = target.BeginTransaction();
            for (var table = 0; table < Tables.Length; table++)
            {
                var insert = inserts[table];
                insert.Transaction = transaction;
                for (var row = start; row < Math.Min(start + batch, rows[table].Count); row++)
                {
                    var values = rows[table][row];
                    for (var c = 0; c < values.Length; c++)
                    {
                        insert.Parameters[c].Value = values[c];
                    }

                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        var elapsed = clock.Elapsed;
        Array.ForEach(inserts, i => i.Dispose());
        return elapsed;
    }

    private static (List<string> Schema, List<object[]>[] Rows) ReadBack(string importedPath)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = importedPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        source.Open();
        var schema = new List<string>();
        using (var command = source.CreateCommand())
        {
            var names = string.Join(", ", Tables.Select(t => $"'{t.Table}'"));
            command.CommandText = $"SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN ({names}) ORDER BY type DESC";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                schema.Add(reader.GetString(0)); // Tables first ('table' sorts after 'index' descending), then their indexes.
            }
        }

        var rows = Tables.Select(t =>
        {
            using var command = source.CreateCommand();
            command.CommandText = $"SELECT * FROM {t.Table} WHERE {t.Filter}";
            using var reader = command.ExecuteReader();
            var list = new List<object[]>();
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                list.Add(values);
            }

            return list;
        }).ToArray();
        return (schema, rows);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
