using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Recall.Silo.Telemetry;

/// <summary>
/// One telemetry set-up: the silo's and ASP.NET Core's spans and metrics, exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard OTEL_* variables).
/// The hosting integration package is not in the registry here, so the providers are built with
/// the SDK directly and disposed with the container.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' spans for grain calls (with AddActivityPropagation, a call's span is a child of its caller's).</summary>
    public const string OrleansGrainCalls = "Microsoft.Orleans.Application";

    /// <summary>Orleans' spans for grain storage operations.</summary>
    public const string OrleansStorage = "Microsoft.Orleans.Storage";

    /// <summary>Orleans' metrics: activations, messaging, membership, reminders.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IHostApplicationBuilder AddSiloTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SiloTelemetry>();
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var resource = ResourceBuilder.CreateDefault().AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "recall-silo");
        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(SiloTelemetry.Name, "Microsoft.AspNetCore", OrleansGrainCalls, OrleansStorage)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(SiloTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", OrleansMeter)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddHostedService<TelemetryStarter>();
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(resource);
            logging.AddOtlpExporter();
        });
        return builder;
    }

    /// <summary>Resolves the providers at start-up so they listen from the first request (and are disposed with the host).</summary>
    private sealed class TelemetryStarter(TracerProvider tracer, MeterProvider meter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracer.ForceFlush();
            meter.ForceFlush();
            return Task.CompletedTask;
        }
    }
}
