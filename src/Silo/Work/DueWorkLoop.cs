using Microsoft.Extensions.Hosting;

namespace Recall.Silo.Work;

/// <summary>
/// A background loop that runs work as it falls due (reminders, outbox messages): it sleeps until
/// the next due time, at most one poll interval, and wakes early when a commit brings something
/// due sooner. Waits are real time; what is due is judged by the silo's clock.
/// </summary>
internal abstract class DueWorkLoop(TimeProvider time, TimeSpan pollInterval) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>When the loop means to wake next; long.MaxValue while it runs, so any news wakes it again.</summary>
    private long plannedWakeTicks = long.MaxValue;

    /// <summary>Runs everything that is due now; returns how much it did.</summary>
    protected abstract Task<int> RunDueAsync(CancellationToken cancellationToken);

    /// <summary>When the next piece of work falls due, or null if nothing is waiting.</summary>
    protected abstract Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    protected abstract void LoopFailed(Exception exception);

    /// <summary>Wakes the loop if <paramref name="due"/> is earlier than it planned to wake.</summary>
    protected void WakeIfEarlier(DateTimeOffset due)
    {
        if (due.UtcTicks < Interlocked.Read(ref plannedWakeTicks))
        {
            wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (wake.Wait(0, CancellationToken.None))
                {
                    // Wake-ups that arrived while the loop was awake are covered by this pass.
                }

                Interlocked.Exchange(ref plannedWakeTicks, long.MaxValue);
                var passStarted = time.GetUtcNow();
                var handled = await RunDueAsync(stoppingToken);
                var now = time.GetUtcNow();
                var next = await NextDueAsync(stoppingToken) ?? DateTimeOffset.MaxValue;
                // Backing off only for work that was due when the pass looked: work that fell due during the pass
                // (a wake-up a moment early, a due time between the pass's clock reading and this one) runs next.
                if (handled == 0 && next <= passStarted)
                {
                    next = now + pollInterval; // What is due could not be handled (backing off, or held by another silo): do not spin.
                }

                var wait = next - now < pollInterval ? next - now : pollInterval;
                Interlocked.Exchange(ref plannedWakeTicks, wait > TimeSpan.Zero ? (now + wait).UtcTicks : long.MaxValue);
                if (wait > TimeSpan.Zero)
                {
                    await wake.WaitAsync(wait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LoopFailed(e);
                await Task.Delay(pollInterval, stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
