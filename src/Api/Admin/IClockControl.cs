namespace Recall.Api.Admin;

/// <summary>The silo's clock as the admin API sees it. Implemented by the silo.</summary>
public interface IClockControl
{
    /// <summary>True when the silo runs on the manual clock (configuration Clock:Mode=Manual).</summary>
    bool IsManual { get; }

    DateTimeOffset Now { get; }

    /// <summary>
    /// Moves the manual clock to <paramref name="target"/>, stopping at every due reminder and
    /// outbox message on the way so each runs at its own time, as it would in real time.
    /// </summary>
    Task<ClockAdvance> AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken);
}

/// <summary>What an advance of the manual clock did.</summary>
public sealed record ClockAdvance(DateTimeOffset From, DateTimeOffset To, int RemindersFired, int MessagesAttempted);
