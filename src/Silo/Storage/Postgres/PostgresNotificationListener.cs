using Recall.Grains;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Recall.Silo.Clock;
using Recall.Silo.Outbox;
using Recall.Silo.Reminders;
using Recall.Silo.Live;

namespace Recall.Silo.Storage.Postgres;

/// <summary>
/// LISTENs on the database's channel: a reminder or message committed by another silo wakes this
/// silo's loops at once (no polling lag), a move of the shared manual clock moves this silo's, and
/// another silo's changes reach the staff pages open on this one.
/// </summary>
internal sealed class PostgresNotificationListener(
    PostgresDatabase database, ReminderService reminders, OutboxDispatcher outbox, [FromKeyedServices(RecallClock.Key)] TimeProvider time, IManualClockStore clock,
    PostgresClinicEventRelay liveEvents, ClinicEventHub pages, SiloLog log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.ControlDataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Handle(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {database.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever moved while this silo was not listening: the shared clock, and work that is due.
                if (time is ManualTimeProvider manual && clock.Load() is { } stored)
                {
                    manual.MoveForwardTo(stored);
                }

                reminders.Notify(time.GetUtcNow());
                outbox.Notify(time.GetUtcNow());
                pages.RefreshAll(time.GetUtcNow());

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.NotificationsLost(e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Handle(string payload)
    {
        if (PostgresClinicEventRelay.IsLiveEvents(payload))
        {
            foreach (var (clinicId, change) in liveEvents.Read(payload))
            {
                pages.Deliver(clinicId, change);
            }

            return;
        }

        if (payload.Length < 3 || !long.TryParse(payload.AsSpan(2), out var ms))
        {
            return;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        switch (payload[0])
        {
            case 'r':
                reminders.Notify(at);
                break;
            case 'o':
                outbox.Notify(at);
                break;
            case 'c' when time is ManualTimeProvider manual:
                manual.MoveForwardTo(at);
                reminders.Notify(at);
                outbox.Notify(at);
                break;
        }
    }
}
