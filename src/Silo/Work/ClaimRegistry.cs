using System.Collections.Concurrent;
using Recall.Grains.Hosting;

namespace Recall.Silo.Work;

/// <summary>
/// What this silo is working on right now: the reminders firing and the messages being sent. On a
/// shared database only these claims are renewed, so a claim on work this silo gave up (a failed
/// turn, a skipped row, a crash of the loop) simply runs out and any silo may take the work again.
/// </summary>
public sealed class ClaimRegistry
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), byte> reminders = new();
    private readonly ConcurrentDictionary<long, byte> messages = new();

    public IReadOnlyCollection<(GrainId Grain, string Name)> Reminders => [.. reminders.Keys];

    public IReadOnlyCollection<long> Messages => [.. messages.Keys];

    public void Working(GrainId grain, string reminder) => reminders[(grain, reminder)] = 0;

    public void Done(GrainId grain, string reminder) => reminders.TryRemove((grain, reminder), out _);

    public void Working(long message) => messages[message] = 0;

    public void Done(long message) => messages.TryRemove(message, out _);
}
