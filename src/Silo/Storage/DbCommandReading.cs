using System.Data.Common;

namespace Recall.Silo.Storage;

internal static class DbCommandReading
{
    /// <summary>Every row the command returns, each read by <paramref name="read"/> (SQLite and PostgreSQL alike).</summary>
    public static async Task<IReadOnlyList<T>> ReadListAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
