using Npgsql;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// A statement over rows given column by column (a group's states, reminders, keys to load): one
/// row is a <c>VALUES</c> row of plain parameters, several are arrays unnested on the server. One
/// row must not be an array. PostgreSQL plans a statement over <c>unnest</c> anew on every call,
/// since only then does it know the array's length (its generic plan guesses 100 rows and looks
/// dearer): about 150 µs a plan. A group of fifty turns shares that; a group of one, as most API
/// commands are, would pay it alone, for every statement.
/// </summary>
/// <param name="template">The SQL, with <c>{rows}</c> where the rows go as a FROM item (give it an alias with column names).</param>
/// <param name="columns">The parameter names of the columns, in the order of the alias's columns.</param>
/// <param name="ordered">Adds a last column numbering the rows from 1, in the order given (for an ORDER BY).</param>
internal sealed class PostgresRows(string template, string[] columns, bool ordered = false)
{
    private readonly string one = template.Replace("{rows}", $"(VALUES ({Parameters(columns)}{(ordered ? ", 1::bigint" : "")}))");
    private readonly string many = template.Replace("{rows}", $"unnest({Parameters(columns)}){(ordered ? " WITH ORDINALITY" : "")}");

    public NpgsqlBatchCommand For(int rows) => new(rows == 1 ? one : many);

    private static string Parameters(string[] columns) => string.Join(", ", columns.Select(c => "@" + c));
}

internal static class PostgresRowColumns
{
    /// <summary>Adds a column of a <see cref="PostgresRows"/> statement: a plain parameter for one row, an array for several.</summary>
    public static NpgsqlBatchCommand Column<TRow, T>(this NpgsqlBatchCommand command, string name, List<TRow> rows, Func<TRow, T> value) =>
        rows.Count == 1 ? command.With(name, value(rows[0])) : command.With(name, rows.Select(value).ToArray());
}
