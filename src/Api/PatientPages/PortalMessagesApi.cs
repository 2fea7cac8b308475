using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Idempotency;
using Recall.Api.Patients;
using Recall.Api.Security;
using Recall.Api.Staff;
using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;

namespace Recall.Api.PatientPages;

/// <summary>Staff's side of portal messages: write one (the patient is told a message waits on their page), list them with when each was read.</summary>
public static class PortalMessagesApi
{
    public static IEndpointRouteBuilder MapPortalMessagesApi(this IEndpointRouteBuilder routes)
    {
        var messages = routes.MapGroup("/clinics/{clinicId}/patients/{patientId}/portal-messages")
            .RequireAuthorization().RequireClinicAccess().WithTags("Patient pages");
        messages.MapGet("", List);
        messages.MapPost("", Write).WithIdempotency()
            .WithSummary("A message for the patient's page; they get an SMS or email (in the sending window) with the link, never the text.");
        return routes;
    }

    public static async Task<Ok<IReadOnlyList<PortalMessage>>> List(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).GetPortalMessagesAsync());

    public static async Task<Created<IReadOnlyList<PortalMessage>>> Write(string clinicId, string patientId, PortalMessageRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Created($"/clinics/{clinicId}/patients/{patientId}/portal-messages",
            await PatientsApi.Patient(grains, clinicId, patientId).WritePortalMessageAsync(request.Text ?? "", user.ActorName(request.By)));
}

public sealed record PortalMessageRequest(string? Text, string? By);
