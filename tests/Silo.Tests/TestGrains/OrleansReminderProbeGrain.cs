using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>A plain Orleans grain (not one of ours with an agenda) that registers Orleans reminders directly and reports their ticks.</summary>
public interface IOrleansReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task UnregisterAsync(string name);
}

public sealed class OrleansReminderProbeGrain(OrleansReminderTicks ticks) : Grain, IOrleansReminderProbeGrain, IRemindable
{
    public Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task UnregisterAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Record(this.GetPrimaryKeyString(), reminderName);
        return Task.CompletedTask;
    }
}

/// <summary>Where the probe grains report ticks, so a test can wait for one.</summary>
public sealed class OrleansReminderTicks
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> ticks = new(StringComparer.Ordinal);

    public void Record(string grain, string reminder) => Tick(grain, reminder).TrySetResult();

    /// <summary>Completes at the first tick of that grain's reminder.</summary>
    public Task FirstTickAsync(string grain, string reminder) => Tick(grain, reminder).Task;

    private TaskCompletionSource Tick(string grain, string reminder) =>
        ticks.GetOrAdd($"{grain}/{reminder}", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
