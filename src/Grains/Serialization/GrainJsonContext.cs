using System.Text.Json;
using System.Text.Json.Serialization;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;

namespace Recall.Grains.Serialization;

/// <summary>
/// Source-generated JSON for everything the host persists: grain states, and command results
/// stored with idempotency keys. A type missing here cannot be stored, and the host says so.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClinicState))]
[JsonSerializable(typeof(PatientState))]
[JsonSerializable(typeof(ClinicView))]
[JsonSerializable(typeof(ApiKeyView))]
[JsonSerializable(typeof(PatientView))]
[JsonSerializable(typeof(RecallStatusView))]
public sealed partial class GrainJsonContext : JsonSerializerContext;
