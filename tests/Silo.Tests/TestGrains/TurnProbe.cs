using System.Collections.Concurrent;
using Recall.Grains.Hosting;

namespace Recall.Silo.Tests.TestGrains;

/// <summary>What test grains report to the test: concurrency inside turns, ticks and results, with awaitable signals (no sleeps).</summary>
public sealed class TurnProbe : IDisposable
{
    private readonly ConcurrentQueue<(string Grain, ReminderTick Tick)> ticks = new();
    private readonly ConcurrentQueue<(string Grain, OutboxResult Result)> results = new();
    private readonly SemaphoreSlim signal = new(0);
    private int inside;
    private int maxInside;

    public int MaxConcurrentTurns => Volatile.Read(ref maxInside);

    public IReadOnlyCollection<(string Grain, ReminderTick Tick)> Ticks => ticks;

    public IReadOnlyCollection<(string Grain, OutboxResult Result)> Results => results;

    public void Enter()
    {
        var now = Interlocked.Increment(ref inside);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInside)) && Interlocked.CompareExchange(ref maxInside, now, seen) != seen)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref inside);

    private readonly ConcurrentDictionary<string, bool> seen = new();

    /// <summary>True the first time it is asked about <paramref name="key"/>.</summary>
    public bool FirstTime(string key) => seen.TryAdd(key, true);

    public void Ticked(string grain, ReminderTick tick)
    {
        ticks.Enqueue((grain, tick));
        signal.Release();
    }

    public void ResultReceived(string grain, OutboxResult result)
    {
        results.Enqueue((grain, result));
        signal.Release();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, woken by each tick or result; fails after the timeout.</summary>
    public async Task WaitUntilAsync(Func<TurnProbe, bool> condition, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(this))
        {
            try
            {
                await signal.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The awaited tick or result did not come.");
            }
        }
    }

    public void Dispose() => signal.Dispose();
}
