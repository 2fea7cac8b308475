using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Recall.Silo.Telemetry;

/// <summary>
/// One telemetry set-up: our spans and metrics, Orleans', and those of ASP.NET Core, HttpClient (Twilio, webhooks)
/// and Npgsql, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard OTEL_*
/// settings). Without an endpoint nothing is registered: no listener makes a span, and no exporter retries a
/// collector that is not there (the OTLP default, localhost:4317, is rarely right in production).
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The setting that switches export on; the OTLP exporter reads it (and the other OTEL_EXPORTER_OTLP_* settings) itself.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Orleans' spans for grain calls (with AddActivityPropagation, a call's span is a child of its caller's).</summary>
    public const string OrleansGrainCalls = "Microsoft.Orleans.Application";

    /// <summary>Orleans' spans for grain storage operations.</summary>
    public const string OrleansStorage = "Microsoft.Orleans.Storage";

    /// <summary>Orleans' metrics: activations, messaging, membership, reminders.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IHostApplicationBuilder AddSiloTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SiloTelemetry>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "recall-silo"))
            .WithTracing(tracing => tracing
                .AddSource(SiloTelemetry.Name, OrleansGrainCalls, OrleansStorage)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsNotHealthProbe)
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(SiloTelemetry.Name, Recall.Api.PatientPages.PatientPageMetrics.Name, OrleansMeter)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation())
            .WithLogging()
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>A load balancer's probe every few seconds would bury the requests worth reading; its metrics still count it.</summary>
    private static bool IsNotHealthProbe(HttpContext context) => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase);
}
