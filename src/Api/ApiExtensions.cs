using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recall.Api.Admin;
using Recall.Api.Audit;
using Recall.Api.Privacy;
using Recall.Api.Clinics;
using Recall.Api.Conversations;
using Recall.Api.Frontend;
using Recall.Api.Idempotency;
using Recall.Api.Live;
using Recall.Api.Outbox;
using Recall.Api.PatientPages;
using Recall.Api.Patients;
using Recall.Api.Problems;
using Recall.Api.Reminders;
using Recall.Api.Reports;
using Recall.Api.Scheduling;
using Recall.Api.Tasks;
using Recall.Api.Security;
using Recall.Api.Staff;
using Recall.Api.Templates;
using Recall.Api.Webhooks.Twilio;

namespace Recall.Api;

/// <summary>The HTTP API's registrations and its endpoint groups.</summary>
public static class ApiExtensions
{
    public static IHostApplicationBuilder AddRecallApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });

        // Reading errors (malformed JSON, a wrong type) become exceptions the problem handler can name the field of.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddSingleton<ApiKeyOwners>();
        services.AddSingleton<PatientPageMetrics>();
        services.AddAuthentication(StaffAuthentication.DefaultScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddStaffSessions();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Admin, policy => policy.RequireRole(ApiKeyAuthenticationHandler.AdminRole));
        services.AddOpenApi(options => options.AddIdempotencyKeyHeader());
        // Over HTTPS browsers are told to use nothing else for a year. Behind a TLS proxy the request must say it came
        // over HTTPS: ASPNETCORE_FORWARDEDHEADERS_ENABLED=true reads X-Forwarded-Proto (see README, Operating it).
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication MapRecallApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // Only on HTTPS requests, and never for localhost.
        }

        app.UseKnownCharsetsOnly();
        app.UseIdempotencyKeys();
        app.UseFrontendFiles();
        app.UseServerNowHeader(); // After the static files: scripts and styles need no time.
        app.UsePrivateResponses();
        app.UseAuthentication();
        app.Use(StaffAuthentication.CheckCsrfAsync);
        app.UseAuthorization();

        app.MapFrontendPages();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapClinicsApi();
        app.MapPatientsApi();
        app.MapSandboxApi();
        app.MapTemplatesApi();
        app.MapPatientWorkflowApi();
        app.MapTasksApi();
        app.MapRemindersApi();
        app.MapPatientPages();
        app.MapPortalMessagesApi();
        app.MapScheduleApi();
        app.MapReportsApi();
        app.MapAuditApi();
        app.MapPrivacyApi();
        app.MapClockApi();
        app.MapTwilioWebhooks();
        app.MapStaffSignInApi();
        app.MapStaffUsersApi();
        app.MapConversationsApi();
        app.MapEventsApi();
        return app;
    }
}
