using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;
using Recall.Silo.Telemetry;
using Grain = Recall.Grains.Hosting.Grain;
using GrainId = Recall.Grains.Hosting.GrainId;
using IRemindable = Recall.Grains.Hosting.IRemindable;
using ReminderEntry = Recall.Grains.Hosting.ReminderEntry;

namespace Recall.Silo.Turns;

/// <summary>
/// Makes every call on one of our grains running on Orleans one transaction: Orleans runs the
/// call's turn (one at a time per grain, one activation in the cluster); this filter, which runs
/// inside that turn, loads the grain's state on its first call, answers a repeated idempotent
/// command from the inbox, and commits the call's state, query rows, reminders, outbox messages and
/// inbox record together through the group-commit store. A call that throws leaves no trace: its
/// in-memory state is put back and nothing is written. A wake-up (Orleans' reminder, or the silo
/// asking the grain to run its agenda) runs each due reminder as a turn of its own. Calls to
/// Orleans' own grains pass through.
/// </summary>
internal sealed class TurnFilter(
    TurnServices services, AgendaWakeUps wakeUps, CrashPoints crashPoints, SiloTelemetry telemetry, SiloLog log, IOptions<SiloOptions> options) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not Grain grain)
        {
            await context.Invoke();
            return;
        }

        var state = grain.BoundContext as ActivationState ?? new ActivationState(IdOf(context.TargetId), services);
        try
        {
            if (!state.Loaded && await state.LoadAsync(grain))
            {
                await grain.OnActivateAsync();
            }

            var declaring = context.InterfaceMethod.DeclaringType;
            if (declaring == typeof(IAgendaGrain) || declaring == typeof(Orleans.IRemindable))
            {
                context.Result = await RunAgendaAsync(grain, state, wokenByOrleans: declaring == typeof(Orleans.IRemindable));
                return;
            }

            await RunCallAsync(context, grain, state);
        }
        finally
        {
            if (state.DeactivationRequested)
            {
                grain.DeactivateOnIdleInOrleans();
            }
        }
    }

    private async Task RunCallAsync(IIncomingGrainCallContext context, Grain grain, ActivationState state)
    {
        var method = context.InterfaceMethod.Name;
        var resultType = ResultTypeOf(context.InterfaceMethod.ReturnType);
        var idempotency = CallContextForwarding.TakeIdempotencyToken();
        if (idempotency is { } token && await services.Store.FindInboxAsync(token.Scope, token.Key, CancellationToken.None) is { } done)
        {
            context.Result = state.Replay(done, token, method, resultType);
            telemetry.TurnEnded(state.Id.Type, "replayed", TimeSpan.Zero);
            return;
        }

        await RunTurnAsync(grain, state, method, idempotency, resultType, prepare: null, async () =>
        {
            await context.Invoke();
            return context.Result;
        });
    }

    /// <summary>
    /// Runs every reminder of the grain due by now, oldest first, each as a turn of its own; returns how
    /// many ran. Woken by its Orleans reminder, the grain then sets that reminder to its next due work.
    /// </summary>
    private async Task<int> RunAgendaAsync(Grain grain, ActivationState state, bool wokenByOrleans)
    {
        var now = services.Time.GetUtcNow();
        var ran = 0;
        Exception? failed = null;
        foreach (var due in state.Reminders.Where(r => r.DueAt <= now).OrderBy(r => r.DueAt).ToList())
        {
            var tick = new ReminderTick(due.Name, due.DueAt, $"{due.Name}@{due.DueAt.ToUnixTimeMilliseconds()}");
            try
            {
                var fired = false;
                await RunTurnAsync(grain, state, "reminder", null, null, prepare: turn => fired = turn.TakeOccurrence(tick), async () =>
                {
                    if (fired)
                    {
                        telemetry.ReminderFired(state.Id.Type, services.Time.GetUtcNow() - tick.DueAt);
                        if (grain is IRemindable remindable)
                        {
                            await remindable.ReceiveReminderAsync(tick);
                        }
                    }

                    return null;
                });
                ran += fired ? 1 : 0;
            }
            catch (Exception e)
            {
                // The occurrence was not taken, so it stays due: the next wake-up tries it again. The others still run.
                log.ReminderFailed(e, state.Id.ToString(), tick.Name);
                failed ??= e;
            }
        }

        if (wokenByOrleans)
        {
            await wakeUps.AfterWakeUpAsync(grain, state);
        }

        if (failed is not null)
        {
            // Whoever woke the grain hears of it (the silo's reminder service backs off; Orleans retries at the next period).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }

        return ran;
    }

    /// <summary>One turn: the grain's code on a fresh turn context, then one commit of everything it changed.</summary>
    private async Task RunTurnAsync(
        Grain grain, ActivationState state, string method, IdempotencyToken? idempotency, Type? resultType,
        Func<TurnContext, bool>? prepare, Func<Task<object?>> body)
    {
        using var activity = SiloTelemetry.StartTurn(state.Id, method, CallContextForwarding.CallerSpan());
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            outcome = await CommitTurnAsync(grain, state, method, idempotency, resultType, prepare, body);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.AddTag("error.type", e.GetType().Name);
            throw;
        }
        finally
        {
            state.EndTurn();
            telemetry.TurnEnded(state.Id.Type, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<string> CommitTurnAsync(
        Grain grain, ActivationState state, string method, IdempotencyToken? idempotency, Type? resultType,
        Func<TurnContext, bool>? prepare, Func<Task<object?>> body)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!state.Loaded)
            {
                await state.LoadAsync(grain);
            }

            var turn = state.BeginTurn();
            if (prepare is not null && !prepare(turn))
            {
                return "skipped";
            }

            GrainCommit? commit;
            try
            {
                var result = await body();
                commit = state.BuildCommit(method, idempotency, resultType, result);
                if (commit is not null)
                {
                    await wakeUps.BeforeCommitAsync(grain, state, EarliestAfter(state, commit));
                }
            }
            catch
            {
                state.RestoreCommittedState();
                throw;
            }

            if (commit is null)
            {
                return "read";
            }

            try
            {
                crashPoints.Reached(CrashPoints.TurnCommitting, method);
                await state.CommitAsync(commit);
            }
            catch (ETagConflictException) when (attempt < options.Value.MaxConflictRetries)
            {
                // Orleans keeps one activation per grain, so another writer is rare (a silo declared dead that still
                // ran): read the grain again and run the call again on it.
                telemetry.ConflictRetried(state.Id.Type);
                log.ETagConflict(state.Id.ToString(), attempt);
                state.MarkStale();
                continue;
            }
            catch (Exception e)
            {
                if (e is ETagConflictException)
                {
                    state.MarkStale();
                }

                state.RestoreCommittedState();
                throw;
            }

            crashPoints.Reached(CrashPoints.TurnCommitted, method);
            await wakeUps.AfterCommitAsync(grain, state);
            return "committed";
        }
    }

    /// <summary>The earliest due reminder once this commit is applied.</summary>
    private static DateTimeOffset? EarliestAfter(ActivationState state, GrainCommit commit)
    {
        DateTimeOffset? earliest = null;
        foreach (var reminder in state.Reminders.Where(r => !commit.ReminderChanges.ContainsKey(r.Name)).Concat(commit.ReminderChanges.Values.OfType<ReminderEntry>()))
        {
            earliest = earliest is { } e && e <= reminder.DueAt ? e : reminder.DueAt;
        }

        return earliest;
    }

    /// <summary>Our grain id from Orleans': the grain type (named by [GrainType] as the database knows it) and the string key.</summary>
    private static GrainId IdOf(Orleans.Runtime.GrainId id) => new(id.Type.ToString()!, id.Key.ToString()!);

    /// <summary>T of a Task&lt;T&gt; method (stored with an idempotency key), or null for a plain Task.</summary>
    private static Type? ResultTypeOf(Type returnType) =>
        returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0] : null;
}
