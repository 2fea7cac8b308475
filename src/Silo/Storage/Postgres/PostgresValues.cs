using Npgsql;
using NpgsqlTypes;

namespace Recall.Silo.Storage.Postgres;

/// <summary>How values are stored, as on SQLite: instants as Unix milliseconds, enums by name; dates are PostgreSQL dates.</summary>
internal static class PostgresValues
{
    /// <summary>Adds a parameter typed from <typeparamref name="T"/>, so a null still has a type PostgreSQL accepts.</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(Parameter(name, value));
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, string name, T value)
    {
        command.Parameters.Add(Parameter(name, value));
        return command;
    }

    public static DateTimeOffset Instant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateOnly? NullableDate(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);

    private static NpgsqlParameter Parameter<T>(string name, T value)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return value switch
        {
            DateTimeOffset instant => new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = instant.ToUnixTimeMilliseconds() },
            Enum e => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = e.ToString() },
            null => new NpgsqlParameter(name, DbType(type)) { Value = DBNull.Value },
            _ => new NpgsqlParameter(name, DbType(type)) { Value = value },
        };
    }

    private static NpgsqlDbType DbType(Type type) => type switch
    {
        _ when type == typeof(string) || type.IsEnum => NpgsqlDbType.Text,
        _ when type == typeof(long) || type == typeof(DateTimeOffset) => NpgsqlDbType.Bigint,
        _ when type == typeof(int) => NpgsqlDbType.Integer,
        _ when type == typeof(bool) => NpgsqlDbType.Boolean,
        _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
        _ when type == typeof(byte[]) => NpgsqlDbType.Bytea,
        _ when type == typeof(TimeSpan) => NpgsqlDbType.Interval,
        _ when type == typeof(string[]) => NpgsqlDbType.Array | NpgsqlDbType.Text,
        _ when type == typeof(long[]) || type == typeof(long?[]) => NpgsqlDbType.Array | NpgsqlDbType.Bigint,
        _ when type == typeof(byte[][]) => NpgsqlDbType.Array | NpgsqlDbType.Bytea,
        _ => throw new NotSupportedException($"No PostgreSQL type for {type.Name} parameters."),
    };
}
