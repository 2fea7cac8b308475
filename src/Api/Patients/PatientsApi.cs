using Microsoft.Extensions.DependencyInjection;
using Recall.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Idempotency;
using Recall.Api.Security;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Queries;

namespace Recall.Api.Patients;

/// <summary>Patients, their visits and recall status; the patients list with its filters; CSV import.</summary>
public static class PatientsApi
{
    public static IEndpointRouteBuilder MapPatientsApi(this IEndpointRouteBuilder routes)
    {
        var patients = routes.MapGroup("/clinics/{clinicId}/patients")
            .RequireAuthorization().RequireClinicAccess().WithTags("Patients");
        patients.MapGet("", ListPatients);
        patients.MapPost("", CreatePatient).WithIdempotency();
        patients.MapPost("/import", Import.PatientImport.ImportCsv).Accepts<string>("text/csv").DisableAntiforgery();
        patients.MapGet("/{patientId}", GetPatient);
        patients.MapPut("/{patientId}", UpdatePatient).WithIdempotency();
        patients.MapPost("/{patientId}/visits", RecordVisit).WithIdempotency();
        patients.MapGet("/{patientId}/recalls", GetRecalls);
        patients.MapPut("/{patientId}/recalls/{recallType}/due-date", SetManualDueDate).WithIdempotency();
        patients.MapGet("/{patientId}/messages", GetMessages);
        patients.MapPost("/{patientId}/calls", LogCall).WithIdempotency();
        patients.MapPost("/{patientId}/messages/handled", MarkMessagesHandled).WithIdempotency();

        routes.MapGet("/clinics/{clinicId}/phones/{phone}", GetPhone)
            .RequireAuthorization().RequireClinicAccess().WithTags("Patients");
        return routes;
    }

    public static async Task<Results<Ok<PatientPage>, ValidationProblem>> ListPatients(
        string clinicId,
        IGrainFactory grains,
        IRecallQueries queries,
        [FromKeyedServices(RecallClock.Key)] TimeProvider time,
        string? status = null,
        string? colour = null,
        int? dueWithinDays = null,
        string? responsiblePartyId = null,
        string? q = null,
        string? hardToReach = null,
        string? awaitingReply = null,
        string? insurance = null,
        string? recallRequired = null,
        int page = 1,
        int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var statusFilter = QueryEnums.Parse<RecallStatus>(status, "status", errors);
        var colourFilter = QueryEnums.Parse<DueColour>(colour, "colour", errors);
        var insuranceFilter = QueryEnums.Parse<InsuranceState>(insurance, "insurance", errors);
        var recallRequiredFilter = QueryEnums.ParseBool(recallRequired, "recallRequired", errors);
        var hardToReachFilter = QueryEnums.ParseBool(hardToReach, "hardToReach", errors);
        var awaitingReplyFilter = QueryEnums.ParseBool(awaitingReply, "awaitingReply", errors);
        if (dueWithinDays is < 0 or > 3650)
        {
            errors.Add("dueWithinDays", "dueWithinDays is between 0 and 3650.");
        }

        QueryEnums.CheckPage(page, pageSize, errors);

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var context = await grains.GetGrain<IClinicGrain>(clinicId).GetRecallContextAsync();
        var filter = new PatientFilter(statusFilter, colourFilter, dueWithinDays, responsiblePartyId, q, page, pageSize, hardToReachFilter, awaitingReplyFilter, insuranceFilter, recallRequiredFilter);
        return TypedResults.Ok(await queries.ListPatientsAsync(clinicId, filter, context.Today(time.GetUtcNow()), cancellationToken));
    }

    public static async Task<Results<Created<PatientView>, ValidationProblem>> CreatePatient(string clinicId, PatientRequest request, IGrainFactory grains)
    {
        if (request.Id is null || !PatientValidation.Id().IsMatch(request.Id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = ["The patient id is the practice system's id: letters, digits, '.', '_' or '-', at most 64 characters."],
            });
        }

        var view = await Patient(grains, clinicId, request.Id).CreateAsync(request.ToData());
        return TypedResults.Created($"/clinics/{clinicId}/patients/{view.Id}", view);
    }

    public static async Task<Results<Ok<PatientView>, ProblemHttpResult>> GetPatient(string clinicId, string patientId, IGrainFactory grains) =>
        await Patient(grains, clinicId, patientId).GetAsync() is { } view ? TypedResults.Ok(view) : NoPatient(patientId);

    public static async Task<Ok<PatientView>> UpdatePatient(string clinicId, string patientId, PatientRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).UpdateAsync(request.ToData()));

    public static async Task<Ok<RecallStatusView>> RecordVisit(string clinicId, string patientId, VisitInput visit, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).RecordVisitAsync(visit with { ServiceCodes = visit.ServiceCodes ?? [] }));

    public static async Task<Ok<RecallStatusView>> GetRecalls(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).GetRecallStatusAsync());

    public static async Task<Ok<RecallStatusView>> SetManualDueDate(
        string clinicId, string patientId, string recallType, ManualDueDateRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).SetManualDueDateAsync(recallType, request.DueDate));

    /// <summary>The patient's communication thread: every message out (outcome, delivery) and in (how it was read), oldest first.</summary>
    public static async Task<Ok<IReadOnlyList<CommunicationEntry>>> GetMessages(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).GetCommunicationLogAsync());

    /// <summary>Staff dealt with the patient's messages that wanted a person: they leave the awaiting-reply list.</summary>
    public static async Task<Ok<IReadOnlyList<CommunicationEntry>>> MarkMessagesHandled(string clinicId, string patientId, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).MarkMessagesHandledAsync());

    /// <summary>Logs a staff phone call, made by the signed-in staff member (an integration key names who in `by`).</summary>
    public static async Task<Ok<IReadOnlyList<CommunicationEntry>>> LogCall(
        string clinicId, string patientId, CallRequest request, System.Security.Claims.ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Patient(grains, clinicId, patientId).LogCallAsync(
            new CallLog(request.Outcome ?? (CallOutcome)(-1), request.Note, Staff.StaffClaims.ActorName(user, request.By))));

    /// <summary>A number's SMS consent: whether it may be texted, and every change with its time and source. The number may be national.</summary>
    public static async Task<Results<Ok<Grains.Phones.PhoneState>, ValidationProblem>> GetPhone(string clinicId, string phone, IGrainFactory grains)
    {
        var context = await grains.GetGrain<Grains.Clinics.IClinicGrain>(clinicId).GetRecallContextAsync();
        var errors = new ValidationErrors();
        var e164 = PatientValidation.CheckPhone(phone, context.Country, "phone", errors);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await grains.GetGrain<Grains.Phones.IPhoneGrain>($"{clinicId}/{e164}").GetAsync());
    }

    internal static IPatientGrain Patient(IGrainFactory grains, string clinicId, string patientId) =>
        grains.GetGrain<IPatientGrain>($"{clinicId}/{patientId}");

    private static ProblemHttpResult NoPatient(string patientId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no patient '{patientId}'.");
}

/// <summary>A patient as the practice system sends it; <see cref="Id"/> is needed only to create one.</summary>
public sealed record PatientRequest(
    string? Id,
    string? FirstName,
    string? LastName,
    DateOnly? DateOfBirth,
    string? Phone,
    string? Email,
    ContactChannel? PreferredChannel,
    string? Language,
    PatientStatus? Status,
    ResponsibleParty? ResponsibleParty)
{
    public PatientData ToData() => new(
        FirstName!, LastName!, DateOfBirth, NullIfEmpty(Phone), NullIfEmpty(Email), PreferredChannel ?? ContactChannel.Sms,
        NullIfEmpty(Language), Status ?? PatientStatus.Active, ResponsibleParty);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A manual due date for one recall type; null clears it and the computed date applies again.</summary>
public sealed record ManualDueDateRequest(DateOnly? DueDate);

/// <summary>A staff phone call: how it ended, a note, and who called (defaults to the API key's name).</summary>
public sealed record CallRequest(CallOutcome? Outcome, string? Note, string? By);
