using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Recall.Api.Admin;
using Recall.Api.Live;
using Recall.Api.Webhooks;
using Recall.Grains;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Phones;
using Recall.Grains.Queries;
using Recall.Grains.Serialization;
using Recall.Grains.Staff;
using Recall.Silo.Clock;
using Recall.Silo.Cluster;
using Recall.Silo.Outbox;
using Recall.Silo.Outbox.Channels;
using Recall.Api.Webhooks.Twilio;
using Recall.Silo.Reminders;
using Recall.Silo.PatientLinks;
using Recall.Silo.Storage;
using Recall.Silo.Storage.Postgres;
using Recall.Silo.Storage.Sqlite;
using Recall.Silo.Telemetry;
using Recall.Silo.Turns;
using Recall.Silo.Live;
using Recall.Silo.Work;

namespace Recall.Silo;

/// <summary>The silo's registrations: the actor host, its storage, reminders, outbox, clock and telemetry.</summary>
public static class SiloExtensions
{
    /// <summary>
    /// The process's arguments plus one that turns off the default reload of appsettings on change.
    /// That reload watches the content root and everything under it, and the embedded database lives
    /// there (data/recall.db): every WAL write woke the watcher, 13 % of the CPU in a bulk import.
    /// Settings are read at start; a change takes a restart.
    /// </summary>
    public static string[] WithoutConfigReload(string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    /// <param name="builder">The host the silo runs in (the web application, co-hosting the API).</param>
    /// <param name="clustering">
    /// Whether the silo finds its cluster by the storage it runs on (always, in the product); false where the host
    /// provides membership and transport itself (Orleans.TestingHost's in-process test cluster).
    /// </param>
    public static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder, bool clustering = true)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().Bind(builder.Configuration.GetSection(SiloOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection(ReminderOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClockOptions>().Bind(builder.Configuration.GetSection(ClockOptions.Section));

        builder.AddSiloTelemetry();
        services.AddSingleton<SiloLog>();
        services.AddSingleton<GrainSerializer>();
        services.AddSingleton<IJsonTypeInfoResolver>(GrainJsonContext.Default);

        services.AddSingleton<ClaimRegistry>();
        services.AddSingleton<CrashPoints>();
        services.AddSingleton<CommitEvents>();
        services.AddSingleton<GrainReferences>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainReferences>());
        services.AddSingleton(sp => new TurnServices(
            sp.GetRequiredService<IGrainStore>(), sp.GetRequiredService<GrainSerializer>(), sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredKeyedService<TimeProvider>(RecallClock.Key), sp.GetRequiredService<CommitEvents>()));
        // On the manual clock the clock's advance runs due agendas; Orleans reminders (real time) would only add noise.
        services.AddSingleton(sp => new AgendaWakeUps(
            sp.GetRequiredKeyedService<TimeProvider>(RecallClock.Key),
            enabled: sp.GetRequiredService<IOptions<ClockOptions>>().Value.Mode == ClockMode.System,
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value.WakeUpHorizon));
        services.AddSingleton<ReminderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IDeliveryReports, DeliveryReports>();
        services.AddSingleton<ClinicEventHub>();
        services.AddSingleton<IClinicEvents>(sp => sp.GetRequiredService<ClinicEventHub>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<UncertainSendSettler>();
        services.AddHostedService(sp => sp.GetRequiredService<UncertainSendSettler>());

        builder.AddStorage();
        builder.AddOrleansSilo(onPostgres: builder.Configuration["Storage:Provider"] is { } p && !p.Equals("Sqlite", StringComparison.OrdinalIgnoreCase), clustering);
        builder.AddChannels();
        services.AddSiloClock();
        services.AddPatientLinks(builder.Configuration);
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");

        return builder;
    }

    /// <summary>SMS through Twilio when Twilio:AccountSid is set, email through SMTP when Smtp:Host is set; otherwise the sandbox.</summary>
    private static void AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TwilioOptions>().Bind(builder.Configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        if (builder.Configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() is { IsConfigured: true })
        {
            // The timeout is what makes a create call's outcome uncertain; the base URL is Twilio's, or a fake's in tests.
            services.AddHttpClient(TwilioSmsChannel.HttpClientName)
                .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<TwilioOptions>>().Value.RequestTimeout)
                .AddHttpMessageHandler(sp => new TwilioBaseUrlHandler(sp.GetRequiredService<IOptions<TwilioOptions>>().Value.BaseUrl));
            services.AddSingleton<IOutboxChannel, TwilioSmsChannel>();
        }
        else
        {
            services.AddSandboxChannel("sms");
        }

        services.AddSingleton<IOutboxChannel, PatientNoticeChannel>();
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<IOutboxChannel>(sp => new WebhookChannel(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<IOptions<WebhookOptions>>()));
        services.AddOptions<SmtpOptions>().Bind(builder.Configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations()
            .Validate(o => !o.IsConfigured || !string.IsNullOrWhiteSpace(o.From), "Smtp:From (the sender address) is required with Smtp:Host.")
            // The setting System.Net.Mail read; ignoring it could leave mail retried for good against a relay without TLS.
            .Validate(_ => builder.Configuration[$"{SmtpOptions.Section}:EnableSsl"] is null,
                "Smtp:EnableSsl is gone: say Smtp:Security (StartTls, SslOnConnect, StartTlsWhenAvailable or None) instead.")
            .ValidateOnStart();
        if (builder.Configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() is { IsConfigured: true })
        {
            services.AddSingleton<IOutboxChannel, SmtpEmailChannel>();
        }
        else
        {
            services.AddSandboxChannel("email");
        }
    }

    public static IServiceCollection AddSandboxChannel(this IServiceCollection services, string name) =>
        services.AddSingleton<IOutboxChannel>(sp => new SandboxChannel(name, sp.GetRequiredService<ISandboxStore>(), sp.GetRequiredKeyedService<TimeProvider>(RecallClock.Key)));

    /// <summary>Storage:Provider picks the database: Sqlite (embedded, one silo; the default) or Postgres (shared by several silos).</summary>
    private static void AddStorage(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration["Storage:Provider"] ?? "Sqlite";
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddSqliteStorage();
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddPostgresStorage();
        }
        else
        {
            throw new InvalidOperationException($"Storage:Provider is '{provider}'; it must be Sqlite or Postgres.");
        }
    }

    private static void AddPostgresStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PostgresOptions>().Bind(builder.Configuration.GetSection(PostgresOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<PostgresWakeups>();
        services.AddSingleton<IGrainStore, PostgresGrainStore>();
        services.AddSingleton<IReminderTable, PostgresReminderTable>();
        services.AddSingleton<PostgresOutboxStore>();
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<PostgresOutboxStore>());
        services.AddSingleton<ISandboxStore>(sp => sp.GetRequiredService<PostgresOutboxStore>());
        services.AddSingleton<ISandboxMessages>(sp => sp.GetRequiredService<PostgresOutboxStore>());
        services.AddSingleton<PostgresRecallQueries>();
        services.AddSingleton<IRecallQueries>(sp => sp.GetRequiredService<PostgresRecallQueries>());
        services.AddSingleton<IApiKeyDirectory>(sp => sp.GetRequiredService<PostgresRecallQueries>());
        services.AddSingleton<IManualClockStore, PostgresClockStore>();
        services.AddSingleton<ISigningKeyStore, PostgresSigningKeyStore>();
        services.AddSingleton<Recall.Api.Audit.IAuditLog, PostgresAuditLog>();
        services.AddSingleton<Recall.Api.Privacy.IPatientMessages, PostgresPatientMessages>();
        services.AddSingleton<PostgresClinicEventRelay>();
        services.AddSingleton<IClinicEventRelay>(sp => sp.GetRequiredService<PostgresClinicEventRelay>());
        services.AddHostedService<PostgresNotificationListener>();
        services.AddHostedService<PostgresClaimRenewer>();
    }

    private static void AddSqliteStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SqliteOptions>().Bind(builder.Configuration.GetSection(SqliteOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IGrainStore, SqliteGrainStore>();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddSingleton<SqliteOutboxStore>();
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteOutboxStore>());
        services.AddSingleton<ISandboxStore>(sp => sp.GetRequiredService<SqliteOutboxStore>());
        services.AddSingleton<ISandboxMessages>(sp => sp.GetRequiredService<SqliteOutboxStore>());
        services.AddSingleton<SqliteRecallQueries>();
        services.AddSingleton<IRecallQueries>(sp => sp.GetRequiredService<SqliteRecallQueries>());
        services.AddSingleton<IApiKeyDirectory>(sp => sp.GetRequiredService<SqliteRecallQueries>());
        services.AddSingleton<IManualClockStore, SqliteClockStore>();
        services.AddSingleton<ISigningKeyStore, SqliteSigningKeyStore>();
        services.AddSingleton<Recall.Api.Audit.IAuditLog, SqliteAuditLog>();
        services.AddSingleton<Recall.Api.Privacy.IPatientMessages, SqlitePatientMessages>();
    }

    private static void AddSiloClock(this IServiceCollection services)
    {
        services.AddKeyedSingleton<TimeProvider>(RecallClock.Key, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<ClockOptions>>().Value;
            if (options.Mode == ClockMode.System)
            {
                return TimeProvider.System;
            }

            var start = sp.GetRequiredService<IManualClockStore>().Load() ?? options.Start ?? TimeProvider.System.GetUtcNow();
            sp.GetRequiredService<SiloLog>().ManualClockAt(start);
            return new ManualTimeProvider(start);
        });
        services.AddSingleton<IClockControl, SiloClock>();
    }
}

/// <summary>Healthy when the database answers a query.</summary>
internal sealed class StorageHealthCheck(IOutboxStore outbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await outbox.CountPendingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{pending} outbox messages pending.", new Dictionary<string, object> { ["outboxPending"] = pending });
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
