namespace Recall.Silo.Storage.Postgres;

public sealed class PostgresSigningKeyStore(PostgresDatabase database) : ISigningKeyStore
{
    /// <summary>Through the control pool: the main pool is multiplexed, and this runs synchronously at start-up.</summary>
    public byte[] GetOrCreate(string name, byte[] candidate, DateTimeOffset now)
    {
        using var insert = database.ControlDataSource.CreateCommand(
            "INSERT INTO signing_keys (name, key, created_at) VALUES (@name, @key, @now) ON CONFLICT (name) DO NOTHING");
        insert.With("name", name).With("key", candidate).With("now", now.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
        using var select = database.ControlDataSource.CreateCommand("SELECT key FROM signing_keys WHERE name = @name").With("name", name);
        return (byte[])select.ExecuteScalar()!;
    }
}
