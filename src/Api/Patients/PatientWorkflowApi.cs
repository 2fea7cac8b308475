using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Idempotency;
using Recall.Api.Security;
using Recall.Grains.Hosting;
using Recall.Grains.Insurance;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;

namespace Recall.Api.Patients;

/// <summary>A patient's recall plan (coverage, suggested visit, retention score), insurance and visit preferences.</summary>
public static class PatientWorkflowApi
{
    public static IEndpointRouteBuilder MapPatientWorkflowApi(this IEndpointRouteBuilder routes)
    {
        var patient = routes.MapGroup("/clinics/{clinicId}/patients/{patientId}")
            .RequireAuthorization().RequireClinicAccess().WithTags("Patients");
        patient.MapGet("/plan", GetPlan);
        patient.MapPut("/insurance", SetInsurance).WithIdempotency();
        patient.MapPut("/visit-preferences", SetPreferences).WithIdempotency();
        return routes;
    }

    public static async Task<Ok<RecallPlanView>> GetPlan(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).GetRecallPlanAsync());

    public static async Task<Ok<RecallPlanView>> SetInsurance(string clinicId, string patientId, InsuranceRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).SetInsuranceAsync(request.ToPolicy()));

    public static async Task<Ok<RecallPlanView>> SetPreferences(string clinicId, string patientId, VisitPreferences request, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).SetVisitPreferencesAsync(request));
}

/// <summary>The primary insurance as the practice system sends it.</summary>
public sealed record InsuranceRequest(
    string? Insurer, string? Plan, string? MemberId, DateOnly? ValidFrom, DateOnly? ValidTo, int? MinMonthsBetweenVisits, int? MaxVisitsPerYear)
{
    public InsurancePolicy ToPolicy()
    {
        var errors = new ValidationErrors();
        if (ValidFrom is null)
        {
            errors.Add("validFrom", "The first day the policy is valid is required.");
        }

        if (ValidTo is null)
        {
            errors.Add("validTo", "The last day the policy is valid is required.");
        }

        errors.ThrowIfAny();
        return new InsurancePolicy(Insurer ?? "", Plan ?? "", MemberId ?? "", ValidFrom!.Value, ValidTo!.Value, MinMonthsBetweenVisits, MaxVisitsPerYear);
    }
}
