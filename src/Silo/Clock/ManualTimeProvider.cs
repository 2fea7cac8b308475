namespace Recall.Silo.Clock;

/// <summary>
/// A clock that moves only when told to: tests and demos drive months of reminders in seconds
/// through the production code. Timers created from it fire when the clock passes their due time.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock forward (never back) and fires the timers that fell due.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        List<ManualTimer> due;
        lock (gate)
        {
            if (value < now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"The manual clock only moves forward (it is {now:o}).");
            }

            now = value;
            due = [.. timers.Where(t => t.DueAt <= value)];
        }

        foreach (var timer in due)
        {
            timer.Fire(value);
        }
    }

    public void Advance(TimeSpan by) => SetUtcNow(GetUtcNow() + by);

    /// <summary>Moves the clock to <paramref name="value"/> unless it is already there or later (other silos move a shared clock too).</summary>
    public void MoveForwardTo(DateTimeOffset value)
    {
        lock (gate)
        {
            if (value <= now)
            {
                return;
            }
        }

        try
        {
            SetUtcNow(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Another move got there first, and further: nothing to do.
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private readonly TimerCallback callback = callback;
        private readonly object? state = state;
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                this.period = period;
                clock.timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock.now + dueTime;
                    clock.timers.Add(this);
                }
            }

            return true;
        }

        public void Fire(DateTimeOffset at)
        {
            lock (clock.gate)
            {
                if (DueAt > at)
                {
                    return;
                }

                clock.timers.Remove(this);
                if (period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
                {
                    DueAt = at + period;
                    clock.timers.Add(this);
                }
            }

            ThreadPool.UnsafeQueueUserWorkItem(static s => s.callback(s.state), this, preferLocal: false);
        }

        public void Dispose()
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
