using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Recall.Silo.Telemetry;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>Turns, reminder firings and sends are spans, connected through reminders and outbox rows, and counted as metrics.</summary>
public abstract class TelemetryTests(StorageProvider provider)
{
    [Fact]
    public async Task Reminder_FiringAndSend_AreSpansOfOneTrace()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var stopped = new SemaphoreSlim(0);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SiloTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                spans.Enqueue(span);
                stopped.Release();
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await TestSilo.StartAsync(provider);
        // A key of its own per provider: the listener hears every silo in this test process, and the other provider's class runs alongside.
        var key = $"traced-{provider}";
        var counter = silo.Grains.GetGrain<ICounterGrain>(key);

        using (var request = new ActivitySource("test").StartActivity("request") ?? new Activity("request").Start())
        {
            await counter.RegisterReminderAsync("ping", silo.Clock.GetUtcNow().AddMinutes(1), null);
        }

        await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);
        await counter.GetAsync();

        var mine = spans.Where(s => (s.GetTagItem("recall.grain.key") as string) == key).ToList();
        var register = mine.Single(s => s.OperationName == "test-counter RegisterReminderAsync");
        var fired = mine.Single(s => s.OperationName == "test-counter reminder");
        Assert.Equal(register.TraceId, fired.TraceId); // The reminder's turn continues the trace of the call that set it.
        var sendTurn = mine.Single(s => s.OperationName == "test-counter SendAsync");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!spans.Any(s => s.OperationName == "send sms" && s.TraceId == sendTurn.TraceId))
        {
            await stopped.WaitAsync(timeout.Token); // The send span closes after the result turn it parents.
        }

        var send = spans.Single(s => s.OperationName == "send sms" && s.TraceId == sendTurn.TraceId);
        Assert.Equal("sms", send.GetTagItem("messaging.system"));
    }

    [Fact]
    public async Task Metrics_CountTurnsRemindersAndSends()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SiloTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.Start();
        await using var silo = await TestSilo.StartAsync(provider);
        var counter = silo.Grains.GetGrain<ICounterGrain>("measured");

        await counter.RegisterReminderAsync("ping", silo.Clock.GetUtcNow().AddMinutes(1), null);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
        await counter.SendAsync("sms", "step-1");
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);

        listener.RecordObservableInstruments();
        var names = measurements.Select(m => m.Name).ToHashSet();
        Assert.Contains("recall.grain.turns", names);
        Assert.Contains("recall.grain.turn.duration", names);
        Assert.Contains("recall.reminders.fired", names);
        Assert.Contains("recall.outbox.sends", names);
        Assert.Contains("recall.storage.commit_batch", names);
        Assert.Contains("recall.outbox.backlog", names);
        Assert.Contains(measurements, m => m.Name == "recall.reminder.lateness" && m.Value == 0); // The manual clock stops at the due time.
    }
}

public sealed class SqliteTelemetryTests() : TelemetryTests(StorageProvider.Sqlite);

public sealed class PostgresTelemetryTests() : TelemetryTests(StorageProvider.Postgres);
