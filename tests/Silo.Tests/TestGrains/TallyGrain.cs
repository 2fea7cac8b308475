using System.Text.Json.Serialization;
using Orleans;
using IGrain = Recall.Grains.Hosting.IGrain;
using IRemindable = Recall.Grains.Hosting.IRemindable;
using Recall.Grains.Hosting;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>A grain of the tests: each call one transaction through the silo's turn filter, and a reminder on its agenda.</summary>
public interface ITallyGrain : IGrain
{
    Task<TallyView> AddAsync(int amount);

    /// <summary>Adds and queues a message: both commit together.</summary>
    Task<TallyView> AddAndSendAsync(int amount, string messageKey);

    Task<TallyView> GetAsync();

    /// <summary>The grain's id as Orleans knows it: only an Orleans activation has one.</summary>
    Task<string> GetOrleansIdAsync();

    /// <summary>The silo the activation runs on (Orleans' silo address).</summary>
    Task<string> GetSiloAsync();

    /// <summary>Puts a one-shot reminder on the agenda; its tick adds one.</summary>
    Task RemindAsync(string name, DateTimeOffset dueAt);
}

[GenerateSerializer, Immutable]
public sealed record TallyView(int Total, int Calls);

public sealed class TallyState
{
    public int Total { get; set; }

    public int Calls { get; set; }

    public List<string> Occurrences { get; set; } = [];
}

[GrainType("test-tally")]
public sealed class TallyGrain(TurnProbe probe) : Recall.Grains.Hosting.Grain<TallyState>, ITallyGrain, IRemindable
{
    public Task<TallyView> AddAsync(int amount)
    {
        State.Total += amount;
        State.Calls++;
        return Task.FromResult(View());
    }

    public Task<TallyView> AddAndSendAsync(int amount, string messageKey)
    {
        Send(new OutboxMessage("sms", messageKey, "+48601000000", $"total {State.Total + amount}"));
        return AddAsync(amount);
    }

    public Task<TallyView> GetAsync() => Task.FromResult(View());

    public Task<string> GetOrleansIdAsync() => Task.FromResult(this.GetGrainId().ToString());

    public Task<string> GetSiloAsync() => Task.FromResult(RuntimeIdentity);

    public Task RemindAsync(string name, DateTimeOffset dueAt)
    {
        RegisterOrUpdateReminder(name, dueAt);
        return Task.CompletedTask;
    }

    public Task ReceiveReminderAsync(ReminderTick tick)
    {
        State.Total++;
        State.Occurrences.Add(tick.OccurrenceId);
        probe.Ticked(GrainKey, tick);
        return Task.CompletedTask;
    }

    private TallyView View() => new(State.Total, State.Calls);
}

[JsonSerializable(typeof(TallyState))]
[JsonSerializable(typeof(TallyView))]
public sealed partial class TallyJsonContext : JsonSerializerContext;
