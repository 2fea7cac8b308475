namespace Recall.Silo.Clock;

/// <summary>Which clock the silo runs on. Bound from "Clock".</summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    /// <summary>System (real time) or Manual (moves only through POST /admin/clock/advance).</summary>
    public ClockMode Mode { get; set; } = ClockMode.System;

    /// <summary>Where a manual clock starts the first time (later starts continue from the stored time). Default: now.</summary>
    public DateTimeOffset? Start { get; set; }
}

public enum ClockMode
{
    System,
    Manual,
}

/// <summary>Where a manual clock keeps its time between runs.</summary>
public interface IManualClockStore
{
    DateTimeOffset? Load();

    Task SaveAsync(DateTimeOffset now);
}
