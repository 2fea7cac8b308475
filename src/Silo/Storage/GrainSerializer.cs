using System.Buffers;
using System.Collections.Concurrent;
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

    /// <summary>
    /// Serializes <paramref name="value"/> and returns the document, or null when it is byte for byte
    /// <paramref name="previous"/>. The bytes are written to a buffer reused on each thread first, so
    /// an unchanged state (every read turn) allocates nothing.
    /// </summary>
    public byte[]? SerializeUnlessEqual(object value, Type type, ReadOnlySpan<byte> previous)
    {
        var scratch = Scratch ??= new ScratchWriter();
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        JsonSerializer.Serialize(scratch.Writer, value, TypeInfo(type));
        scratch.Writer.Flush();
        var written = scratch.Buffer.WrittenSpan;
        var result = written.SequenceEqual(previous) ? null : written.ToArray();
        if (scratch.Buffer.Capacity > MaxRetainedScratch)
        {
            Scratch = null; // One huge state does not pin its buffer to the thread for good.
        }

        return result;
    }

    private const int MaxRetainedScratch = 256 * 1024;

    [ThreadStatic]
    private static ScratchWriter? Scratch;

    /// <summary>A thread's serialization buffer, with the writer settings SerializeToUtf8Bytes uses for these options (compact, default encoder, no validation).</summary>
    private sealed class ScratchWriter
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; } = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    }

    public object Deserialize(ReadOnlySpan<byte> json, Type type) =>
        JsonSerializer.Deserialize(json, TypeInfo(type)) ?? throw new JsonException($"The stored {type.Name} is null.");

    /// <summary>
    /// The metadata per type, kept here: options.GetTypeInfo validates the type on every call, which
    /// cost more than serializing a small state (every turn serializes its grain's state).
    /// </summary>
    private readonly ConcurrentDictionary<Type, JsonTypeInfo> typeInfos = new();

    private JsonTypeInfo TypeInfo(Type type) => typeInfos.TryGetValue(type, out var info) ? info : typeInfos.GetOrAdd(type, Resolve);

    private JsonTypeInfo Resolve(Type type)
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
