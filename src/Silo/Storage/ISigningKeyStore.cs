namespace Recall.Silo.Storage;

/// <summary>Named secret keys kept in the database: the first process to ask stores its candidate, every later one gets that.</summary>
public interface ISigningKeyStore
{
    /// <summary>Read once as the silo starts, synchronously (the key is made in a factory).</summary>
    byte[] GetOrCreate(string name, byte[] candidate, DateTimeOffset now);
}
