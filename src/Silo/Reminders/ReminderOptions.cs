using System.ComponentModel.DataAnnotations;

namespace Recall.Silo.Reminders;

/// <summary>Bound from "Reminders".</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How often (real time) the table is read for the next due time, besides the wake-ups commits cause.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many due reminders are read and fired together.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>
    /// Reminder turns in flight at once. Their commits share group transactions (one SQLite writer,
    /// a few PostgreSQL writers), so more in flight makes bigger groups, not more connections:
    /// at 64 a PostgreSQL group held about 13 turns, at 512 about 50 (docs/benchmarks.md).
    /// </summary>
    [Range(1, 10_000)]
    public int Parallelism { get; set; } = 512;

    /// <summary>
    /// A grain keeps an Orleans reminder (its wake-up, Turns/AgendaWakeUps) only for work due within this
    /// long; later work is run by this service's poll of the agenda when it falls due. A wake-up for every
    /// patient's recall months ahead would be a row per patient in Orleans' table, written one by one
    /// outside the group commit and read whole by Orleans at every start and every few minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan WakeUpHorizon { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A reminder whose turn failed waits this long, doubling up to a minute, before it fires again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
