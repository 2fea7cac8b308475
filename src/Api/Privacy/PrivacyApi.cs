using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recall.Api.Audit;
using Recall.Api.Security;
using Recall.Grains;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Api.Privacy;

/// <summary>
/// Data-protection requests for one patient (GDPR articles 15, 17 and 20; HIPAA's right of access):
/// everything held about them as JSON or a FHIR R4 Bundle, and erasure. The clinic's Admin (or an
/// integration key) only; both are in the audit log like every view and change of a record.
/// </summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var patient = routes.MapGroup("/clinics/{clinicId}/patients/{patientId}")
            .RequireAuthorization().RequireClinicAccess().WithTags("Data protection");
        patient.MapGet("/export", Export)
            .WithSummary("Everything held about the patient: ?format=json (default) or ?format=fhir (a FHIR R4 Bundle).");
        patient.MapPost("/erase", Erase)
            .WithSummary("Erases the patient's personal data; the reports' de-identified counts stay. Refused (409) while a future visit is booked.");
        return routes;
    }

    public static async Task<IResult> Export(
        string clinicId, string patientId, IGrainFactory grains, IPatientMessages messages, IAuditLog audit,
        [FromKeyedServices(RecallClock.Key)] TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken,
        string? format = null)
    {
        var fhir = string.Equals(format, "fhir", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !fhir && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["The format is json or fhir."] });
        }

        if (await Patients.PatientsApi.Patient(grains, clinicId, patientId).ExportAsync() is not { } record)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no patient '{patientId}'.");
        }

        var sent = await messages.ReadAsync(clinicId, patientId, cancellationToken);
        var now = time.GetUtcNow();
        if (fhir)
        {
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(FhirExport.ToJson(clinicId, record, sent, now)), "application/fhir+json", $"patient-{patientId}.fhir.json");
        }

        var accessLog = await audit.ReadAsync(clinicId, new AuditQuery(PatientId: patientId, Limit: 10_000), cancellationToken);
        var export = new PatientExport(clinicId, now, record, sent, accessLog);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions), "application/json", $"patient-{patientId}.json");
    }

    public static async Task<Ok<ErasureResult>> Erase(
        string clinicId, string patientId, IGrainFactory grains, IPatientMessages messages, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var erased = await Patients.PatientsApi.Patient(grains, clinicId, patientId).EraseAsync(AuditFilter.Actor(user));
        // After the grain's turn: a crash between the two leaves the patient erased, and erasing again blanks the messages.
        var blanked = await messages.EraseAsync(clinicId, patientId, cancellationToken);
        return TypedResults.Ok(new ErasureResult(erased.PatientId, erased.ErasedAt, erased.By, erased.ContactRecordsKept, blanked));
    }
}

/// <summary>A patient's data as one JSON document: the record, the messages (with their text) and who accessed it.</summary>
public sealed record PatientExport(string ClinicId, DateTimeOffset ExportedAt, PatientRecord Patient, IReadOnlyList<PatientMessage> Messages, IReadOnlyList<AuditEntry> AccessLog);

/// <summary>What an erasure did: when and by whom, the de-identified contact records the reports keep, and the messages blanked.</summary>
public sealed record ErasureResult(string PatientId, DateTimeOffset ErasedAt, string By, int ContactRecordsKept, int MessagesBlanked);
