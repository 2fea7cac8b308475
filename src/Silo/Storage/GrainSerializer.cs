using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Recall.Silo.Storage;

/// <summary>
/// The storage format of grain state and stored results: camelCase JSON, enums by name, nulls
/// omitted, names read case-insensitively. Only source-generated metadata is used, so a type that
/// was not declared in a JsonSerializerContext fails loudly instead of falling back to reflection.
/// (The naming policy must be set here: generated metadata takes it from the options in use.)
/// </summary>
public sealed class GrainSerializer(IEnumerable<IJsonTypeInfoResolver> resolvers)
{
    private readonly JsonSerializerOptions options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine([.. resolvers]),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
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
