using Orleans;
using Grain = Recall.Grains.Hosting.Grain;

namespace Recall.Silo.Turns;

/// <summary>
/// The Orleans reminder that wakes a grain whose agenda has work due soon (within the horizon,
/// <c>Reminders:WakeUpHorizon</c>): one per grain, never the truth about what is due (the agenda,
/// committed with the grain's state, is, and the silo's poll of it runs all due work, however far
/// ahead it was set; Reminders/ReminderService). Orleans reminders skip
/// ticks missed while no silo was up (dotnet/orleans#2454) and are written outside the grain's
/// transaction, so the rule that keeps a crash harmless is: move the wake-up <em>earlier</em> before
/// the commit that needs it, and <em>later</em> only after the commit. A crash in between leaves a
/// wake-up that is early, never late; an early one finds nothing due and costs a read. A wake-up
/// that is no longer needed is not removed after the commit that emptied the agenda (that would take
/// a read of Orleans' table first, on every grain the poller woke): it fires once more, finds nothing
/// due, and removes itself then, when it is known to exist. On the manual clock the clock's advance
/// runs due agendas itself, and no wake-up is kept.
/// </summary>
internal sealed class AgendaWakeUps(TimeProvider clock, bool enabled, TimeSpan horizon)
{
    public const string Name = "agenda";

    /// <summary>Orleans' shortest period: the first tick is the wake-up; later ones only retry a wake-up whose work failed.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>A first tick due before the reminder is registered is skipped until the next period (dotnet/orleans#9385).</summary>
    private static readonly TimeSpan MinimumDueTime = TimeSpan.FromSeconds(1);

    public bool Enabled => enabled;

    /// <summary>Before a commit that makes work due earlier than the grain's wake-up: register it at that time first.</summary>
    public async Task BeforeCommitAsync(Grain grain, ActivationState state, DateTimeOffset? earliestAfterCommit)
    {
        if (enabled && earliestAfterCommit is { } due && IsSoon(due) && (state.WakeAt is not { } wake || due < wake))
        {
            await RegisterAsync(grain, state, due);
        }
    }

    /// <summary>After a commit: a wake-up earlier than needed moves to the earliest due work (with nothing due, it stays: see above).</summary>
    public async Task AfterCommitAsync(Grain grain, ActivationState state)
    {
        if (enabled && state.EarliestDue is { } due && IsSoon(due) && state.WakeAt != due)
        {
            await RegisterAsync(grain, state, due);
        }
    }

    /// <summary>
    /// After the grain's Orleans reminder woke it and it ran what was due: the reminder is set to the
    /// next due work, or removed when nothing is due soon. Work still due now failed: it is tried again
    /// at the next period, not at once.
    /// </summary>
    public async Task AfterWakeUpAsync(Grain grain, ActivationState state)
    {
        if (!enabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (state.EarliestDue is not { } due || !IsSoon(due))
        {
            await UnregisterAsync(grain, state);
        }
        else
        {
            await RegisterAsync(grain, state, due > now ? due : now + Period);
        }
    }

    private bool IsSoon(DateTimeOffset due) => due <= clock.GetUtcNow() + horizon;

    private async Task RegisterAsync(Grain grain, ActivationState state, DateTimeOffset due)
    {
        var dueTime = due - clock.GetUtcNow();
        state.WakeUp = await grain.RegisterOrUpdateReminder(Name, dueTime > MinimumDueTime ? dueTime : MinimumDueTime, Period);
        state.WakeAt = due;
    }

    private static async Task UnregisterAsync(Grain grain, ActivationState state)
    {
        if ((state.WakeUp ?? await grain.GetReminder(Name)) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        state.WakeUp = null;
        state.WakeAt = null;
    }
}
