using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Idempotency;
using Recall.Api.Patients;
using Recall.Api.Security;
using Recall.Api.Staff;
using Recall.Grains;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Recall.Grains.Reminders;
using Recall.Grains.Staff;

namespace Recall.Api.Reminders;

/// <summary>
/// Reminders for every kind of clinic: the clinic's send queue (every scheduled send, automatic and
/// manual), a patient's manual and internal reminders, and the reminders list (open recalls by client).
/// </summary>
public static class RemindersApi
{
    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder routes)
    {
        var clinic = routes.MapGroup("/clinics/{clinicId}").RequireAuthorization().RequireClinicAccess().WithTags("Reminders");
        clinic.MapGet("/send-queue", ListSends)
            .WithSummary("The send queue: ?state= (scheduled, held, sent, failed, withdrawn; default what is still to go), ?purpose=, ?channel=, ?from=, ?until=, ?patientId=.");
        clinic.MapGet("/reminders", ListReminders)
            .WithSummary("Open recalls of active patients by client, coloured by due date: ?recallType=, ?colour=, ?dueFrom=, ?dueTo=, ?clientId=.");
        clinic.MapGet("/patients/{patientId}/sends", PatientSends);
        clinic.MapPost("/patients/{patientId}/reminders", AddReminder).WithIdempotency()
            .WithSummary("A manual reminder: times (at), channels and text (or a recall rule's template); with a role it is internal, a task at each time.");
        clinic.MapPatch("/patients/{patientId}/sends/{sendId}", ChangeSend).WithIdempotency();
        clinic.MapPost("/patients/{patientId}/sends/{sendId}/cancel", CancelSend).WithIdempotency();
        return routes;
    }

    public static async Task<Results<Ok<SendQueuePage>, ValidationProblem>> ListSends(
        string clinicId, IRecallQueries queries, string? state = null, string? purpose = null, string? channel = null, DateTimeOffset? from = null,
        DateTimeOffset? until = null, string? patientId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var stateFilter = QueryEnums.Parse<SendState>(state, "state", errors);
        var purposeFilter = QueryEnums.Parse<SendPurpose>(purpose, "purpose", errors);
        if (channel is not (null or "sms" or "email" or "task"))
        {
            errors.Add("channel", "The channel is sms, email or task.");
        }

        QueryEnums.CheckPage(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var filter = new SendQueueFilter(stateFilter, purposeFilter, channel, from, until, patientId, page, pageSize);
        return TypedResults.Ok(await queries.ListSendsAsync(clinicId, filter, cancellationToken));
    }

    public static async Task<Results<Ok<ReminderPage>, ValidationProblem>> ListReminders(
        string clinicId, IRecallQueries queries, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time, string? recallType = null,
        string? colour = null, DateOnly? dueFrom = null, DateOnly? dueTo = null, string? clientId = null, int page = 1, int pageSize = 100,
        CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var colourFilter = QueryEnums.Parse<DueColour>(colour, "colour", errors);
        if (dueFrom > dueTo)
        {
            errors.Add("dueTo", "dueTo is on or after dueFrom.");
        }

        QueryEnums.CheckPage(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var today = (await grains.GetGrain<IClinicGrain>(clinicId).GetRecallContextAsync()).Today(time.GetUtcNow());
        var filter = new ReminderFilter(recallType, colourFilter, dueFrom, dueTo, clientId, page, pageSize);
        return TypedResults.Ok(await queries.ListRemindersAsync(clinicId, filter, today, cancellationToken));
    }

    public static async Task<Ok<SendsView>> PatientSends(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).GetSendsAsync());

    public static async Task<Created<SendsView>> AddReminder(string clinicId, string patientId, ReminderRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var reminder = new ManualReminder(request.At ?? [], request.Channels, request.Text, request.Role, request.RecallType);
        var sends = await PatientsApi.Patient(grains, clinicId, patientId).AddReminderAsync(reminder, user.ActorName(request.By));
        return TypedResults.Created($"/clinics/{clinicId}/patients/{patientId}/sends", sends);
    }

    public static async Task<Ok<ScheduledSend>> ChangeSend(string clinicId, string patientId, string sendId, SendChangeRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).ChangeSendAsync(sendId, new SendChange(request.Text, request.At), user.ActorName(request.By)));

    public static async Task<Ok<ScheduledSend>> CancelSend(string clinicId, string patientId, string sendId, SendActionRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).CancelSendAsync(sendId, user.ActorName(request?.By)));
}

/// <summary>A manual reminder: <c>at</c> (the times), <c>channels</c> (sms, email) and <c>text</c>; or <c>role</c> and <c>text</c> for an internal one.</summary>
public sealed record ReminderRequest(IReadOnlyList<DateTimeOffset>? At, IReadOnlyList<string>? Channels, string? Text, StaffRole? Role, string? RecallType, string? By);

public sealed record SendChangeRequest(string? Text, DateTimeOffset? At, string? By);

public sealed record SendActionRequest(string? By);
