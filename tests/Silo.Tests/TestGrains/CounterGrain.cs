using System.Text.Json.Serialization;
using Recall.Grains.Hosting;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>A grain that exercises every promise of the host: turns, state, reminders, outbox, results.</summary>
public interface ICounterGrain : IGrain
{
    Task<int> IncrementAsync();

    /// <summary>Increments, then asks to leave memory once idle.</summary>
    Task<int> IncrementAndDeactivateAsync();

    /// <summary>Reads, yields, then writes: interleaved turns would lose increments.</summary>
    Task<int> IncrementSlowlyAsync();

    Task<CounterState> GetAsync();

    /// <summary>Queues any message as given.</summary>
    Task SendMessageAsync(OutboxMessage message);

    /// <summary>Changes state, registers a reminder and queues a message, then throws.</summary>
    Task FailAfterChangesAsync();

    Task RegisterReminderAsync(string name, DateTimeOffset dueAt, TimeSpan? period);

    Task UnregisterReminderAsync(string name);

    Task SendAsync(string channel, string messageKey, DateTimeOffset? notBefore = null, SendWindow? window = null);
}

[Orleans.GenerateSerializer]
public sealed class CounterState
{
    [Orleans.Id(0)]
    public int Count { get; set; }

    [Orleans.Id(1)]
    public List<string> Occurrences { get; set; } = [];

    [Orleans.Id(2)]
    public List<DateTimeOffset> FiredAt { get; set; } = [];

    [Orleans.Id(3)]
    public List<OutboxResult> Results { get; set; } = [];
}

[Orleans.GrainType("test-counter")]
public sealed class CounterGrain(TurnProbe probe) : Grain<CounterState>, ICounterGrain, IRemindable
{
    public Task<int> IncrementAsync() => Task.FromResult(++State.Count);

    public Task<int> IncrementAndDeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(++State.Count);
    }

    public async Task<int> IncrementSlowlyAsync()
    {
        probe.Enter();
        try
        {
            var seen = State.Count;
            await Task.Yield();
            await Task.Delay(1);
            State.Count = seen + 1;
            return State.Count;
        }
        finally
        {
            probe.Exit();
        }
    }

    public Task<CounterState> GetAsync() => Task.FromResult(State);

    public Task SendMessageAsync(OutboxMessage message)
    {
        Send(message);
        return Task.CompletedTask;
    }

    public Task FailAfterChangesAsync()
    {
        State.Count += 100;
        RegisterOrUpdateReminder("never", Time.GetUtcNow().AddHours(1));
        Send(new OutboxMessage("sms", "never", "+48601000000", "never sent"));
        throw new InvalidOperationException("The turn fails after changing things.");
    }

    public Task RegisterReminderAsync(string name, DateTimeOffset dueAt, TimeSpan? period)
    {
        RegisterOrUpdateReminder(name, dueAt, period);
        return Task.CompletedTask;
    }

    public Task UnregisterReminderAsync(string name)
    {
        UnregisterReminder(name);
        return Task.CompletedTask;
    }

    public Task SendAsync(string channel, string messageKey, DateTimeOffset? notBefore = null, SendWindow? window = null)
    {
        Send(new OutboxMessage(channel, messageKey, "+48601000000", $"message {messageKey}", NotBefore: notBefore, Window: window));
        return Task.CompletedTask;
    }

    public Task ReceiveReminderAsync(ReminderTick tick)
    {
        if (tick.Name == "fails-once" && probe.FirstTime(GrainKey))
        {
            throw new InvalidOperationException("The first firing fails.");
        }

        State.Occurrences.Add(tick.OccurrenceId);
        State.FiredAt.Add(Time.GetUtcNow());
        probe.Ticked(GrainKey, tick);
        return Task.CompletedTask;
    }

    protected override Task OnOutboxResultAsync(OutboxResult result)
    {
        State.Results.Add(result);
        probe.ResultReceived(GrainKey, result);
        return Task.CompletedTask;
    }
}

[JsonSerializable(typeof(CounterState))]
public sealed partial class TestJsonContext : JsonSerializerContext;
