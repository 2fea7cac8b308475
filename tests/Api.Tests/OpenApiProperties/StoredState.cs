using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>
/// Everything the silo has stored, read straight from its database (SQLite file or PostgreSQL schema) through
/// the factory's own settings: grain states, reminders, outbox, inbox, query rows, the manual clock. Each table
/// is read whole, row by row, so a comparison names the rows a request added or removed.
/// </summary>
public sealed class StoredState(RecallApiFactory factory)
{
    /// <summary>
    /// Tables that change with no request at all: Orleans' cluster membership (silo heartbeats) and its query
    /// texts, and SQLite's own bookkeeping.
    /// </summary>
    private static readonly HashSet<string> Excluded = new(StringComparer.OrdinalIgnoreCase)
    {
        "orleans_membership", "orleans_membership_version", "orleansquery", "sqlite_sequence",
    };

    private bool IsPostgres => Configuration["Storage:Provider"] == "Postgres";

    private IConfiguration Configuration => factory.Services.GetRequiredService<IConfiguration>();

    /// <summary>Each table's rows, each row as text, sorted.</summary>
    public async Task<Dictionary<string, SortedSet<string>>> ReadAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = IsPostgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var state = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !Excluded.Contains(t)))
        {
            var rows = new SortedSet<string>(StringComparer.Ordinal);
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var reader = await select.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows.Add(string.Join(" | ", values.Select(Text)));
            }

            state[table] = rows;
        }

        return state;
    }

    /// <summary>How two readings differ, table by table, but for the rows <paramref name="allowed"/> lets change (empty when they are the same).</summary>
    public static string Difference(Dictionary<string, SortedSet<string>> before, Dictionary<string, SortedSet<string>> after, Func<string, string, bool> allowed)
    {
        var lines = new List<string>();
        foreach (var table in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(table) ?? [];
            var now = after.GetValueOrDefault(table) ?? [];
            lines.AddRange(was.Except(now).Where(row => !allowed(table, row)).Select(row => $"  {table} -{Shorten(row)}"));
            lines.AddRange(now.Except(was).Where(row => !allowed(table, row)).Select(row => $"  {table} +{Shorten(row)}"));
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Work due now (on the silo's clock) and not yet done: unsent outbox messages and reminder rows. While there
    /// is some, the dispatcher or the reminder service is still changing state on its own.
    /// </summary>
    public async Task<long> CountDueWorkAsync(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND next_attempt_at <= {ms})
                 + (SELECT COUNT(*) FROM reminders WHERE due_at <= {ms})
            """;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private DbConnection Open() => IsPostgres
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Configuration["Storage:Postgres:ConnectionString"]) { Multiplexing = false, MaxPoolSize = 2 }.ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Configuration["Storage:Sqlite:Path"], Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    private static string Text(object value) => value switch
    {
        DBNull => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Shorten(string row) => row.Length > 300 ? $"{row[..300]}..." : row;
}
