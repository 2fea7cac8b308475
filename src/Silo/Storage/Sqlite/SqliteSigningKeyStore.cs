namespace Recall.Silo.Storage.Sqlite;

public sealed class SqliteSigningKeyStore(SqliteDatabase database) : ISigningKeyStore
{
    public byte[] GetOrCreate(string name, byte[] candidate, DateTimeOffset now)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO signing_keys (name, key, created_at) VALUES ($name, $key, $now) ON CONFLICT (name) DO NOTHING;
            SELECT key FROM signing_keys WHERE name = $name;
            """;
        return (byte[])command.With("$name", name).With("$key", candidate).With("$now", now.ToUnixTimeMilliseconds()).ExecuteScalar()!;
    }
}
