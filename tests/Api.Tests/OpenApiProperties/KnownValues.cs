using FsCheck;
using FsCheck.Fluent;

namespace Recall.Api.Tests.OpenApiProperties;

/// <summary>
/// Values that mean something to the API, by field or parameter name: the test clinic's real ids, and the
/// codes its set-up uses. Without them nearly every valid request would stop at "unknown patient" and the
/// grains behind would never see a generated request.
/// </summary>
public sealed class KnownValues
{
    private readonly Dictionary<string, string[]> byName;

    public KnownValues(string clinicId, IReadOnlyList<string> patientIds, string appointmentId, string taskId)
    {
        byName = new(StringComparer.OrdinalIgnoreCase)
        {
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
            ["purpose"] = ["recallSms", "confirmation", "visitReminder"],
            ["by"] = ["Kasia"],
            ["userName"] = ["kasia"],
            ["password"] = ["correct horse battery staple"],
            ["format"] = ["csv", "json"],
            ["month"] = ["2026-11", "2027-01"],
        };
    }

    public string ClinicId => byName["clinicId"][0];

    /// <summary>A meaningful value for the name, or null when the name means nothing special.</summary>
    public Gen<string>? For(string name) => byName.TryGetValue(name, out var values) ? Gen.Elements(values) : null;
}
