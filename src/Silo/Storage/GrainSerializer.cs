using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Recall.Silo.Storage;

/// <summary>
/// Serializes grain state and stored results with source-generated metadata only, so a type that
/// was not declared in a JsonSerializerContext fails loudly instead of falling back to reflection.
/// </summary>
public sealed class GrainSerializer(IEnumerable<IJsonTypeInfoResolver> resolvers)
{
    private readonly JsonSerializerOptions options = new()
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers]),
    };

    public byte[] Serialize(object value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo(type));

    public object Deserialize(ReadOnlySpan<byte> json, Type type) =>
        JsonSerializer.Deserialize(json, TypeInfo(type)) ?? throw new JsonException($"The stored {type.Name} is null.");

    private JsonTypeInfo TypeInfo(Type type)
    {
        try
        {
            return options.GetTypeInfo(type);
        }
        catch (NotSupportedException e)
        {
            throw new InvalidOperationException($"{type.FullName} has no source-generated JSON metadata: add [JsonSerializable(typeof({type.Name}))] to the grains' JsonSerializerContext.", e);
        }
    }
}
