using Recall.Grains;
using Recall.Api.Admin;
using Recall.Silo.Outbox;
using Recall.Silo.Reminders;

namespace Recall.Silo.Clock;

/// <summary>Drives the manual clock: time moves from one due item to the next, and each runs through the production path.</summary>
internal sealed class SiloClock([FromKeyedServices(RecallClock.Key)] TimeProvider time, ReminderService reminders, OutboxDispatcher outbox, IManualClockStore store) : IClockControl, IDisposable
{
    private readonly SemaphoreSlim advancing = new(1, 1);

    public bool IsManual => time is ManualTimeProvider;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<ClockAdvance> AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        if (time is not ManualTimeProvider manual)
        {
            throw new InvalidOperationException("The silo runs on the system clock; set Clock:Mode=Manual to move time by hand.");
        }

        await advancing.WaitAsync(cancellationToken);
        try
        {
            var from = manual.GetUtcNow();
            if (target < from)
            {
                throw new ArgumentOutOfRangeException(nameof(target), $"The clock only moves forward; it is {from:o}.");
            }

            var fired = 0;
            var attempted = 0;
            DateTimeOffset? previous = null;
            var stalled = 0;
            while (true)
            {
                // Passes first: they also wait for a pass the background loops are in, so "next" below sees its results.
                fired += await reminders.FireDueAsync(cancellationToken);
                attempted += await outbox.DispatchDueAsync(cancellationToken);
                var next = Earliest(await reminders.GetNextDueAsync(cancellationToken), await outbox.GetNextDueAsync(cancellationToken));
                if (next is not { } due || due > target)
                {
                    break;
                }

                // The same thing due again after passes that did nothing: it keeps failing and backs off; the loops retry it.
                stalled = due == previous ? stalled + 1 : 0;
                previous = due;
                if (stalled >= 3)
                {
                    break;
                }

                if (due > manual.GetUtcNow())
                {
                    manual.MoveForwardTo(due);
                    await store.SaveAsync(due); // Other silos sharing the database follow each step.
                }
            }

            manual.MoveForwardTo(target);
            fired += await reminders.FireDueAsync(cancellationToken);
            attempted += await outbox.DispatchDueAsync(cancellationToken);
            await store.SaveAsync(target);
            return new ClockAdvance(from, target, fired, attempted);
        }
        finally
        {
            advancing.Release();
        }
    }

    public void Dispose() => advancing.Dispose();

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
