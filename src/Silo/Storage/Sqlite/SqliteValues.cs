using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Recall.Silo.Storage.Sqlite;

/// <summary>How values are stored: instants as Unix milliseconds, dates as ISO text, enums by name.</summary>
internal static class SqliteValues
{
    public static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset Instant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            DateOnly date => Iso(date),
            DateTimeOffset instant => Ms(instant),
            Enum e => e.ToString(),
            bool b => b ? 1 : 0,
            _ => value,
        });
        return command;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateOnly? NullableDate(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Date(reader.GetString(ordinal));
}
