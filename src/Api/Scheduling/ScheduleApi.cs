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
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Scheduling;

namespace Recall.Api.Scheduling;

/// <summary>The clinic's schedule (visit types, resources, free slots, the ASAP list) and a patient's appointments.</summary>
public static class ScheduleApi
{
    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder routes)
    {
        var clinic = routes.MapGroup("/clinics/{clinicId}").RequireAuthorization().RequireClinicAccess().WithTags("Schedule");
        clinic.MapGet("/schedule/setup", GetSetup);
        clinic.MapPut("/schedule/setup", Configure);
        clinic.MapGet("/schedule/slots", FindSlots);
        clinic.MapGet("/schedule/appointments", ListAppointments);
        clinic.MapGet("/schedule/asap", GetAsap);
        clinic.MapPost("/schedule/asap", JoinAsap);
        clinic.MapDelete("/schedule/asap/{patientId}", LeaveAsap);

        clinic.MapGet("/patients/{patientId}/slots", SuggestSlots);
        clinic.MapGet("/patients/{patientId}/appointments", PatientAppointments);
        clinic.MapPost("/patients/{patientId}/appointments", Book).WithIdempotency();
        clinic.MapPost("/patients/{patientId}/appointments/{appointmentId}/reschedule", Reschedule).WithIdempotency();
        clinic.MapPost("/patients/{patientId}/appointments/{appointmentId}/cancel", Cancel).WithIdempotency();
        return routes;
    }

    public static async Task<Ok<ScheduleSetup>> GetSetup(string clinicId, IGrainFactory grains) =>
        TypedResults.Ok(await Schedule(grains, clinicId).GetSetupAsync());

    private static readonly string[] ListRequired = ["A list is required (it may be empty)."];

    public static async Task<Results<Ok<ScheduleSetup>, ValidationProblem>> Configure(string clinicId, ScheduleSetup setup, IGrainFactory grains)
    {
        // JSON binding leaves a list sent as null (or left out) null, whatever the record says.
        var missing = new (string Field, object? Value)[] { ("visitTypes", setup.VisitTypes), ("resources", setup.Resources) }.Where(f => f.Value is null).ToList();
        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing.ToDictionary(f => f.Field, _ => ListRequired), title: "The request is invalid.");
        }

        return TypedResults.Ok(await Schedule(grains, clinicId).ConfigureAsync(setup));
    }

    /// <summary>Free slots for a visit type from a local date (default today) over some days (default 14).</summary>
    public static async Task<Results<Ok<IReadOnlyList<Slot>>, ValidationProblem>> FindSlots(
        string clinicId, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time, string? visitType = null, DateOnly? from = null, int days = 14, int max = 20)
    {
        if (string.IsNullOrWhiteSpace(visitType))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["visitType"] = ["Say which visit type to find slots for (?visitType=...)."] });
        }

        var context = await grains.GetGrain<IClinicGrain>(clinicId).GetRecallContextAsync();
        return TypedResults.Ok(await Schedule(grains, clinicId).FindSlotsAsync(new SlotQuery(visitType, from ?? context.Today(time.GetUtcNow()), days, Max: max)));
    }

    /// <summary>Bookings over local dates [from, to] (default: today).</summary>
    public static async Task<Ok<IReadOnlyList<Appointment>>> ListAppointments(string clinicId, IGrainFactory grains, [FromKeyedServices(RecallClock.Key)] TimeProvider time, DateOnly? from = null, DateOnly? to = null)
    {
        var context = await grains.GetGrain<IClinicGrain>(clinicId).GetRecallContextAsync();
        var first = from ?? context.Today(time.GetUtcNow());
        return TypedResults.Ok(await Schedule(grains, clinicId).ListAppointmentsAsync(context.StartOf(first), context.StartOf((to ?? first).AddDays(1))));
    }

    public static async Task<Ok<IReadOnlyList<AsapEntry>>> GetAsap(string clinicId, IGrainFactory grains) =>
        TypedResults.Ok(await Schedule(grains, clinicId).GetAsapAsync());

    public static async Task<Results<Ok<IReadOnlyList<AsapEntry>>, ProblemHttpResult>> JoinAsap(string clinicId, AsapRequest request, IGrainFactory grains)
    {
        if (request.PatientId is null || await PatientsApi.Patient(grains, clinicId, request.PatientId).GetAsync() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no patient '{request.PatientId}'.");
        }

        return TypedResults.Ok(await Schedule(grains, clinicId).JoinAsapAsync(request.PatientId, request.VisitTypeId ?? ""));
    }

    public static async Task<Ok<IReadOnlyList<AsapEntry>>> LeaveAsap(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await Schedule(grains, clinicId).LeaveAsapAsync(patientId));

    /// <summary>Step 18: free slots from the patient's suggested visit date, on the days and hours they prefer.</summary>
    public static async Task<Results<Ok<IReadOnlyList<Slot>>, ValidationProblem>> SuggestSlots(string clinicId, string patientId, IGrainFactory grains, string? visitType = null, int days = 14)
    {
        if (string.IsNullOrWhiteSpace(visitType))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["visitType"] = ["Say which visit type to find slots for (?visitType=...)."] });
        }

        return TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).SuggestSlotsAsync(visitType, days));
    }

    public static async Task<Ok<IReadOnlyList<PatientAppointment>>> PatientAppointments(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).GetAppointmentsAsync());

    /// <summary>Books a free slot (409 if it was just taken); the recall outreach stops and the confirmation goes out.</summary>
    public static async Task<Results<Created<PatientAppointment>, ValidationProblem>> Book(string clinicId, string patientId, BookRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.VisitTypeId is null || request.Start is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [request.VisitTypeId is null ? "visitTypeId" : "start"] = ["A booking needs the visitTypeId and the start of a free slot."],
            });
        }

        var appointment = await PatientsApi.Patient(grains, clinicId, patientId)
            .BookAsync(new BookingInput(request.VisitTypeId, request.Start.Value, user.ActorName(request.By), request.ResourceIds));
        return TypedResults.Created($"/clinics/{clinicId}/patients/{patientId}/appointments/{appointment.Id}", appointment);
    }

    public static async Task<Results<Ok<PatientAppointment>, ValidationProblem>> Reschedule(
        string clinicId, string patientId, string appointmentId, RescheduleRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        request.Start is { } start
            ? TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).RescheduleAppointmentAsync(appointmentId, start, user.ActorName(request.By)))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["start"] = ["The new start is required."] });

    public static async Task<Ok<PatientAppointment>> Cancel(string clinicId, string patientId, string appointmentId, CancelRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await PatientsApi.Patient(grains, clinicId, patientId).CancelAppointmentAsync(appointmentId, user.ActorName(request?.By), request?.Reason));

    private static IScheduleGrain Schedule(IGrainFactory grains, string clinicId) => grains.GetGrain<IScheduleGrain>(clinicId);
}

public sealed record AsapRequest(string? PatientId, string? VisitTypeId);

public sealed record BookRequest(string? VisitTypeId, DateTimeOffset? Start, string? By, IReadOnlyList<string>? ResourceIds);

public sealed record RescheduleRequest(DateTimeOffset? Start, string? By);

public sealed record CancelRequest(string? Reason, string? By);
