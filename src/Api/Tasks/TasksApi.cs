using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;
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
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Recall.Grains.Staff;
using Recall.Grains.Tasks;

namespace Recall.Api.Tasks;

/// <summary>Worklists by role, and the actions on one task: claim, snooze, complete with an outcome.</summary>
public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder routes)
    {
        var clinic = routes.MapGroup("/clinics/{clinicId}").RequireAuthorization().RequireClinicAccess().WithTags("Tasks");
        clinic.MapGet("/tasks", ListTasks);
        clinic.MapGet("/patients/{patientId}/tasks", PatientTasks);
        clinic.MapPost("/patients/{patientId}/tasks/{taskId}/claim", Claim).WithIdempotency();
        clinic.MapPost("/patients/{patientId}/tasks/{taskId}/snooze", Snooze).WithIdempotency();
        clinic.MapPost("/patients/{patientId}/tasks/{taskId}/complete", Complete).WithIdempotency();
        return routes;
    }

    /// <summary>A worklist: open tasks (or <c>status</c>) of a role, by priority then due time; snoozed ones only when asked.</summary>
    private static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(366);

    public static async Task<Results<Ok<TaskPage>, ValidationProblem>> ListTasks(
        string clinicId, IRecallQueries queries, [FromKeyedServices(RecallClock.Key)] TimeProvider time, string? role = null, string? status = null, string? patientId = null,
        bool includeSnoozed = false, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var roleFilter = QueryEnums.Parse<StaffRole>(role, "role", errors);
        var statusFilter = QueryEnums.Parse<StaffTaskStatus>(status, "status", errors);
        QueryEnums.CheckPage(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var filter = new TaskFilter(roleFilter, statusFilter, patientId, includeSnoozed, page, pageSize);
        return TypedResults.Ok(await queries.ListTasksAsync(clinicId, filter, time.GetUtcNow(), cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<StaffTask>>> PatientTasks(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).GetTasksAsync());

    public static async Task<Ok<StaffTask>> Claim(string clinicId, string patientId, string taskId, TaskActionRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).ClaimTaskAsync(taskId, user.ActorName(request?.By)));

    public static async Task<Results<Ok<StaffTask>, ValidationProblem>> Snooze(
        string clinicId, string patientId, string taskId, SnoozeRequest request, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time)
    {
        // Bounded before the arithmetic, which overflows for a huge number of hours (issue #16).
        if (request.Hours is { } asked && !(asked > 0 && asked <= MaxSnooze.TotalHours))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hours"] = [$"Snooze for more than 0 and at most {MaxSnooze.TotalHours:N0} hours (a year)."] });
        }

        if (request.Until is { } at && at > time.GetUtcNow() + MaxSnooze)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["Snooze at most a year ahead."] });
        }

        var until = request.Until ?? (request.Hours is { } hours ? time.GetUtcNow().AddHours(hours) : null);
        if (until is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["Give 'until' (a time) or 'hours' to snooze for."] });
        }

        return TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).SnoozeTaskAsync(taskId, until.Value, user.ActorName(request.By)));
    }

    public static async Task<Ok<StaffTask>> Complete(string clinicId, string patientId, string taskId, CompleteTaskRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).CompleteTaskAsync(taskId, new TaskCompletion(request.Outcome, request.Note, user.ActorName(request.By))));
}

public sealed record TaskActionRequest(string? By);

/// <summary>Snooze until a time, or for some hours.</summary>
public sealed record SnoozeRequest(DateTimeOffset? Until, double? Hours, string? By);

public sealed record CompleteTaskRequest(TaskOutcome? Outcome, string? Note, string? By);
