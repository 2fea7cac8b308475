using Orleans.Reminders.Diagnostics;

namespace Recall.Benchmarks;

/// <summary>
/// Orleans' own reminder events (its diagnostic listener), read in process: when the silo's reminder
/// service finished its start (its first read of the table), how many reminders it holds in memory
/// with a timer, and how many wake-ups it fired.
/// </summary>
internal sealed class OrleansReminderEvents : IObserver<object>, IDisposable
{
    private readonly IDisposable events;
    private readonly IDisposable serviceEvents;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long loaded;
    private long fired;

    public OrleansReminderEvents()
    {
        events = ReminderEvents.AllEvents.Subscribe(this);
        serviceEvents = ReminderEvents.ServiceEvents.Subscribe(this); // The service's own events are not among AllEvents.
    }

    /// <summary>Completes when the reminder service reports it has started.</summary>
    public Task Started => started.Task;

    /// <summary>Reminders the service took into memory (a local timer each).</summary>
    public long Loaded => Interlocked.Read(ref loaded);

    /// <summary>Ticks the service fired.</summary>
    public long Fired => Interlocked.Read(ref fired);

    public void OnNext(object value)
    {
        switch (value)
        {
            case ReminderEvents.ReminderServiceStarted:
                started.TrySetResult();
                break;
            case ReminderEvents.LocalReminderStarted:
                Interlocked.Increment(ref loaded);
                break;
            case ReminderEvents.TickFiring:
                Interlocked.Increment(ref fired);
                break;
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose()
    {
        events.Dispose();
        serviceEvents.Dispose();
    }
}
