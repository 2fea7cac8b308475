using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.Outbox;

/// <summary>Bound from "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often (real time) the outbox is read, besides the wake-ups commits cause.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Sends in flight at once.</summary>
    [Range(1, 1_000)]
    public int Parallelism { get; set; } = 16;

    /// <summary>Attempts before a transiently failing message is given up as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; each further retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long after a send ended uncertain its provider is asked whether the message exists: long enough for a
    /// request it got to be a message, and for its status callback (which settles it sooner) to arrive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CheckUncertainAfter { get; set; } = TimeSpan.FromMinutes(2);
}
