using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Trace;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Silo.Telemetry;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>The SDK set-up: with an OTLP endpoint, a send's outgoing HTTP is a span in the trace of the turn that queued it, exported to the collector.</summary>
public sealed class TelemetryExtensionsTests
{
    [Fact]
    public async Task WebhookPost_IsAClientSpanUnderItsSend_ExportedOverOtlp()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var sink = await WebhookSink.StartAsync();
        var spans = new List<Activity>();
        var silo = await TestSilo.StartAsync(
            StorageProvider.Postgres,
            services: s => s.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)),
            settings: new Dictionary<string, string?>
            {
                [TelemetryExtensions.OtlpEndpoint] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });
        await using (silo)
        {
            await silo.Grains.GetGrain<IClinicGrain>("traced").CreateAsync(
                new ClinicSettings("Traced Dental", "Europe/Warsaw", ["pl"], [], IntegrationWebhookUrl: sink.Url("/pms")),
                [new RecallRule("hygiene", "Hygiene", ["D1110"], IntervalMonths: 6)]);
            var patient = silo.Grains.GetGrain<IPatientGrain>("traced/p1");
            await patient.CreateAsync(new PatientData("Anna", "Nowak"));
            await patient.RecordVisitAsync(new VisitInput(new DateOnly(2026, 1, 5), ["D1110"]));

            await silo.AdvanceAsync(TimeSpan.FromDays(200)); // Overdue: an integration event to /pms.
            Assert.Contains(sink.Posts, p => p.Path == "/pms");
        } // Stopping the host flushes both exporters.

        var post = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full") is string url && url.EndsWith("/pms", StringComparison.Ordinal));
        var send = Assert.Single(spans, s => s.Source.Name == SiloTelemetry.Name && s.SpanId == post.ParentSpanId);
        Assert.Equal(("send webhook", send.TraceId), (send.OperationName, post.TraceId));
        Assert.Equal("POST", post.GetTagItem("http.request.method"));
        Assert.True(collector.Received("/v1/traces", Convert.FromHexString(post.SpanId.ToHexString())));
        // The silo's pollers, claim renewals and Orleans' membership ran every 50 ms or so above; none started a trace of its own.
        // (Other tests' own connections, made outside any silo, are heard too: only this silo's schema counts.)
        var schema = $"Search Path={new NpgsqlConnectionStringBuilder(silo.Database.PostgresConnectionString).SearchPath}";
        Assert.DoesNotContain(spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == default && s.GetTagItem("db.query.text") is not null
            && s.GetTagItem("db.npgsql.data_source") is string source && source.Contains(schema, StringComparison.Ordinal));
    }
}
