using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>The test clinic's records that generated requests name: real ids, free slots to book, and its API key's token.</summary>
public sealed record ClinicRecords(string ClinicId, string Token, IReadOnlyList<string> PatientIds, string AppointmentId, string TaskId, string SpareKeyId, IReadOnlyList<string> FreeSlots);

/// <summary>
/// Values that mean something to the API, by field or parameter name: the test clinic's real ids, and the
/// codes its set-up uses. Without them nearly every valid request would stop at "unknown patient" and the
/// grains behind would never see a generated request.
/// </summary>
public sealed class KnownValues
{
    private readonly Dictionary<string, string[]> byName;

    public KnownValues(JsonElement document, ClinicRecords clinic)
    {
        var (clinicId, _, patientIds, appointmentId, taskId, keyId, freeSlots) = clinic;
        byName = new(StringComparer.OrdinalIgnoreCase)
        {
            // Query filters are plain strings in the document; the handlers parse them as these enums.
            ["status"] = [.. Enum(document, "RecallStatus"), .. Enum(document, "StaffTaskStatus")],
            ["colour"] = Enum(document, "DueColour"),
            ["insurance"] = Enum(document, "InsuranceState"),
            ["role"] = Enum(document, "StaffRole"),
            ["hardToReach"] = ["true", "false"],
            ["awaitingReply"] = ["true", "false"],
            ["recallRequired"] = ["true", "false"],
            ["start"] = [.. freeSlots],
            ["keyId"] = [keyId],
            ["clinicId"] = [clinicId],
            ["patientId"] = [.. patientIds],
            ["responsiblePartyId"] = [.. patientIds],
            ["appointmentId"] = [appointmentId],
            ["taskId"] = [taskId],
            ["timeZone"] = ["Europe/Warsaw", "America/New_York", "UTC"],
            ["language"] = ["pl", "en"],
            ["languages"] = ["pl", "en"],
            ["phone"] = ["+48601000001", "+48601000002", "+1 202 555 0143"],
            ["email"] = ["anna@example.com"],
            ["managerEmail"] = ["manager@example.com"],
            ["serviceCodes"] = ["D1110", "D0120"],
            ["visitTypeId"] = ["hygiene-60"],
            ["visitType"] = ["hygiene-60"],
            ["recallType"] = ["hygiene"],
            ["type"] = ["hygiene", "exam"],
            ["kind"] = ["chair"],
            ["resourceKinds"] = ["chair"],
            ["resourceIds"] = ["chair-1"],
            ["country"] = ["PL", "US"],
            ["purpose"] = Enum(document, "TemplatePurpose"),
            ["smsSender"] = ["+48222000000"],
            ["encoding"] = ["utf-8", "windows-1250"],
            ["dateOfBirth"] = ["1985-04-12", "2015-06-30"],
            ["date"] = ["2026-11-20", "2026-10-02"],
            ["by"] = ["Kasia"],
            ["userName"] = ["kasia", "ola"],
            ["adminKey"] = [RecallApiFactory.AdminKey],
            ["password"] = ["correct horse battery staple"],
            ["format"] = ["csv", "json"],
            ["month"] = ["2026-11", "2027-01"],
        };
    }

    private static string[] Enum(JsonElement document, string schema) =>
        [.. document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("enum").EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)];

    /// <summary>A meaningful value for the name, or null when the name means nothing special.</summary>
    public Gen<string>? For(string name) => byName.TryGetValue(name, out var values) ? Gen.Elements(values) : null;
}
