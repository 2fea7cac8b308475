using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Idempotency;
using Recall.Api.Security;
using Recall.Api.Staff;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;

namespace Recall.Api.Conversations;

/// <summary>
/// Answering a patient: staff reply by SMS from the conversation (the list of who waits is
/// GET /clinics/{id}/patients?awaitingReply=true; the thread is .../patients/{patientId}/messages).
/// </summary>
public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/clinics/{clinicId}/patients/{patientId}/messages/reply", Reply).WithIdempotency()
            .RequireAuthorization().RequireClinicAccess().WithTags("Patients");
        return routes;
    }

    /// <summary>Texts a reply to the patient; their waiting messages count as handled. The thread comes back.</summary>
    public static async Task<Ok<IReadOnlyList<CommunicationEntry>>> Reply(
        string clinicId, string patientId, ReplyRequest request, System.Security.Claims.ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IPatientGrain>($"{clinicId}/{patientId}")
            .ReplyAsync(new StaffReply(request.Text, user.ActorName(null))));
}

public sealed record ReplyRequest(string? Text);
