using System.Text.Json.Serialization;
using Recall.Grains.Hosting;

namespace Recall.Benchmarks;

/// <summary>
/// The grain the host benchmarks drive: a reminder firing does the work a recall reminder does at
/// its core (change the state, queue one message), and a ping is a turn that touches nothing.
/// </summary>
public interface IBenchGrain : IGrain
{
    /// <summary>A read turn: no state change, so nothing is written.</summary>
    Task<long> PingAsync();
}

public sealed class BenchState
{
    public long Fired { get; set; }

    public string? LastOccurrence { get; set; }
}

[Orleans.GrainType("bench")]
public sealed class BenchGrain : Grain<BenchState>, IBenchGrain, IRemindable
{
    /// <summary>
    /// Messages wait a month, so the outbox dispatcher leaves them alone during a run: the work
    /// measured is the turn and its commit, as in the Quartz job (which only inserts the row).
    /// </summary>
    public static readonly TimeSpan MessageDelay = TimeSpan.FromDays(30);

    public Task<long> PingAsync() => Task.FromResult(State.Fired);

    public Task ReceiveReminderAsync(ReminderTick tick)
    {
        State.Fired++;
        State.LastOccurrence = tick.OccurrenceId;
        Send(new OutboxMessage("sms", tick.OccurrenceId, "+48601000000", "Time for your check-up.", NotBefore: tick.DueAt + MessageDelay));
        return Task.CompletedTask;
    }
}

[JsonSerializable(typeof(BenchState))]
public sealed partial class BenchJsonContext : JsonSerializerContext;

/// <summary>
/// The same ping on a plain Orleans grain (no base class of ours, so the silo's turn filter passes
/// it through: no state loaded, serialized or committed): what Orleans' own call path costs in
/// this silo, beside the full turn of <see cref="IBenchGrain.PingAsync"/>.
/// </summary>
public interface IPlainPingGrain : Orleans.IGrainWithStringKey
{
    Task<long> PingAsync();
}

public sealed class PlainPingGrain : Orleans.Grain, IPlainPingGrain
{
    private long calls;

    public Task<long> PingAsync() => Task.FromResult(++calls);
}
