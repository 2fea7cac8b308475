using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Problems;
using Recall.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Security;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Queries;

namespace Recall.Api.Clinics;

/// <summary>Clinics: settings, recall rules, live counts and integration API keys.</summary>
public static class ClinicsApi
{
    public static IEndpointRouteBuilder MapClinicsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/clinics", CreateClinic).RequireAuthorization(ApiPolicies.Admin).WithRequestShapeChecks().WithTags("Clinics");

        var clinic = routes.MapGroup("/clinics/{clinicId}").RequireAuthorization().RequireClinicAccess().WithTags("Clinics");
        clinic.MapGet("", GetClinic);
        clinic.MapPut("/settings", UpdateSettings);
        clinic.MapPut("/recall-rules", SetRecallRules);
        clinic.MapGet("/counts", GetCounts);
        clinic.MapGet("/contacts/counts", GetContactCounts);

        var keys = clinic.MapGroup("/api-keys").RequireAuthorization(Staff.StaffAuthentication.AdminKeyOrStaffPolicy); // the admin key, or staff whose role may manage keys
        keys.MapPost("", CreateApiKey);
        keys.MapGet("", ListApiKeys);
        keys.MapDelete("/{keyId}", RevokeApiKey);
        return routes;
    }

    public static async Task<Results<Created<ClinicView>, ValidationProblem>> CreateClinic(CreateClinicRequest request, IGrainFactory grains)
    {
        if (request.Id is null || !ClinicValidation.Slug().IsMatch(request.Id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = ["The clinic id is lowercase letters, digits and '-', at most 63 characters (e.g. 'smile-dental')."],
            });
        }

        var settings = new ClinicSettings(request.Name!, request.TimeZone!, request.Languages ?? [], request.OpeningHours ?? [], request.Sending, request.SmsSender, request.StaffWebhookUrl, request.IntegrationWebhookUrl, request.Workflow, request.Country, request.PreRegistration, request.BrandColour);
        var view = await grains.GetGrain<IClinicGrain>(request.Id).CreateAsync(settings, request.RecallRules ?? []);
        return TypedResults.Created($"/clinics/{view.Id}", view);
    }

    public static async Task<Results<Ok<ClinicView>, ProblemHttpResult>> GetClinic(string clinicId, IGrainFactory grains) =>
        await grains.GetGrain<IClinicGrain>(clinicId).GetAsync() is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no clinic '{clinicId}'.");

    /// <summary>Replaces the settings; a new time zone moves every patient's due instants, so each is refreshed.</summary>
    public static async Task<Ok<ClinicView>> UpdateSettings(
        string clinicId, ClinicSettings settings, IGrainFactory grains, IRecallQueries queries, CancellationToken cancellationToken)
    {
        var clinic = grains.GetGrain<IClinicGrain>(clinicId);
        var before = await clinic.GetAsync();
        var view = await clinic.UpdateSettingsAsync(settings with { Languages = settings.Languages ?? [], OpeningHours = settings.OpeningHours ?? [] });
        if (before is not null && before.Settings.TimeZone != view.Settings.TimeZone)
        {
            await RefreshPatientsAsync(clinicId, grains, queries, cancellationToken);
        }

        return TypedResults.Ok(view);
    }

    /// <summary>Replaces the rules, then recomputes every patient's cycles so due lists reflect them at once.</summary>
    public static async Task<Ok<RecallRulesUpdated>> SetRecallRules(
        string clinicId, IReadOnlyList<RecallRule> rules, IGrainFactory grains, IRecallQueries queries, CancellationToken cancellationToken)
    {
        var view = await grains.GetGrain<IClinicGrain>(clinicId).SetRecallRulesAsync(rules);
        return TypedResults.Ok(new RecallRulesUpdated(view, await RefreshPatientsAsync(clinicId, grains, queries, cancellationToken)));
    }

    public static async Task<Ok<RecallCounts>> GetCounts(string clinicId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IClinicGrain>(clinicId).GetCountsAsync());

    /// <summary>Contact attempts of the last <paramref name="days"/> days (default 30), by channel and outcome, with deliveries.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ContactCount>>, ValidationProblem>> GetContactCounts(
        string clinicId, IRecallQueries queries, [FromKeyedServices(RecallClock.Key)] TimeProvider time, int days = 30, CancellationToken cancellationToken = default)
    {
        if (days is < 1 or > 3660)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["days is between 1 and 3660."] });
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(await queries.CountContactsAsync(clinicId, now.AddDays(-days), now.AddTicks(1), recallOutreachOnly: false, cancellationToken));
    }

    public static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateApiKey(string clinicId, CreateApiKeyRequest request, IGrainFactory grains)
    {
        var (keyId, token, hash) = ApiKeys.Create();
        var view = await grains.GetGrain<IClinicGrain>(clinicId).AddApiKeyAsync(keyId, request.Name ?? "", hash);
        return TypedResults.Created($"/clinics/{clinicId}/api-keys/{keyId}", new CreatedApiKey(view.KeyId, view.Name, token, view.CreatedAt));
    }

    private static async Task<int> RefreshPatientsAsync(string clinicId, IGrainFactory grains, IRecallQueries queries, CancellationToken cancellationToken)
    {
        var patients = await queries.ListPatientIdsAsync(clinicId, cancellationToken);
        await Parallel.ForEachAsync(patients, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (patientId, _) => await grains.GetGrain<IPatientGrain>($"{clinicId}/{patientId}").RefreshRecallsAsync());
        return patients.Count;
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListApiKeys(string clinicId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IClinicGrain>(clinicId).ListApiKeysAsync());

    public static async Task<Ok<ApiKeyView>> RevokeApiKey(string clinicId, string keyId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IClinicGrain>(clinicId).RevokeApiKeyAsync(keyId));
}

public sealed record CreateClinicRequest(
    string? Id,
    string? Name,
    string? TimeZone,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<OpeningHours>? OpeningHours,
    IReadOnlyList<RecallRule>? RecallRules,
    SendingRules? Sending = null,
    string? SmsSender = null,
    Uri? StaffWebhookUrl = null,
    Uri? IntegrationWebhookUrl = null,
    RecallWorkflow? Workflow = null,
    string? Country = null,
    Recall.Grains.PatientLinks.PreRegistrationSettings? PreRegistration = null,
    string? BrandColour = null);

public sealed record RecallRulesUpdated(ClinicView Clinic, int PatientsRefreshed);

public sealed record CreateApiKeyRequest(string? Name);

/// <summary>A new API key. <see cref="ApiKey"/> is shown this once; only its hash is stored.</summary>
public sealed record CreatedApiKey(string KeyId, string Name, string ApiKey, DateTimeOffset CreatedAt);
