using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Recall.Grains.Hosting;
using Recall.Silo.Storage;

namespace Recall.Silo.Hosting;

/// <summary>
/// One grain in memory on the home-made host: a mailbox that runs one turn at a time over the
/// grain's <see cref="ActivationState"/>. A turn's changes are committed together; if the turn
/// throws or the commit fails, the in-memory state is restored from the last committed document.
/// </summary>
internal sealed class GrainActivation : IThreadPoolWorkItem
{
    /// <summary>How deep turns run on callers' threads nest on this thread (a turn calling an idle grain runs that turn too).</summary>
    private const int MaxOnCallerDepth = 4;

    private static readonly ExecutionContext EmptyContext = CaptureEmptyContext();

    [ThreadStatic]
    private static int onCallerDepth;

    private readonly ActivationDirectory directory;
    private readonly GrainType type;
    private readonly Lock gate = new();
    private readonly Queue<(TurnRequest Request, long Sequence)> mailbox = new();
    private bool running;
    private bool deactivated;

    /// <summary>How many requests were ever enqueued; a request's sequence number is its place in that count.</summary>
    private long enqueued;

    /// <summary>
    /// On a shared database: requests up to this sequence number were enqueued before the last ETag
    /// check or load that found this activation current began, so that read already saw every commit
    /// their callers could know of, and their turns need no check of their own (see <see cref="EnsureFreshAsync"/>).
    /// </summary>
    private long freshThrough;

    private readonly ActivationState state;

    public GrainActivation(ActivationDirectory directory, GrainType type, GrainId id)
    {
        this.directory = directory;
        this.type = type;
        Id = id;
        state = new ActivationState(id, directory.Services);
        LastActive = directory.Time.GetUtcNow();
    }

    public GrainId Id { get; }

    private TimeProvider Time => directory.Time;

    public DateTimeOffset LastActive { get; private set; }

    public bool TryEnqueue(TurnRequest request)
    {
        var runHere = false;
        lock (gate)
        {
            if (deactivated)
            {
                return false;
            }

            mailbox.Enqueue((request, ++enqueued));
            if (!running)
            {
                running = true;
                runHere = request.MayRunOnCaller && CallerMayRunTurn();
                if (!runHere)
                {
                    // No ExecutionContext flows into the turn: each turn sets its own span parent and request context.
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                }
            }
        }

        if (runHere)
        {
            RunOnCaller();
        }

        return true;
    }

    /// <summary>Marks the activation collected if nothing ran since <paramref name="idleSince"/> and nothing waits.</summary>
    public bool TryDeactivate(DateTimeOffset idleSince)
    {
        lock (gate)
        {
            if (running || mailbox.Count > 0 || LastActive > idleSince)
            {
                return false;
            }

            deactivated = true;
            return true;
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = RunMailboxAsync(onCaller: false);

    /// <summary>
    /// Runs the mailbox, starting with the one request just queued on an idle activation, on the
    /// caller's own thread: a turn that completes synchronously then answers the caller before its
    /// await, with no thread-pool hop to start the turn and none to resume the caller.
    /// </summary>
    private void RunOnCaller()
    {
        onCallerDepth++;
        try
        {
            _ = RunMailboxAsync(onCaller: true);
        }
        finally
        {
            onCallerDepth--;
        }
    }

    private async Task RunMailboxAsync(bool onCaller)
    {
        if (onCaller)
        {
            // As on the thread pool, the turn sees none of the caller's async-locals (spans, logging
            // scopes, request context); the async method restores the caller's own when it returns.
            ExecutionContext.Restore(EmptyContext);
        }

        var finishPrevious = default(TurnOutcome);
        var first = true;
        while (true)
        {
            TurnRequest? request = null;
            long sequence = 0;
            var handOff = false;
            var forget = false;
            lock (gate)
            {
                if (onCaller && !first && mailbox.Count > 0)
                {
                    handOff = true; // Still running: the thread pool takes over the queue.
                }
                else if (mailbox.TryDequeue(out var next))
                {
                    (request, sequence) = next;
                }
                else
                {
                    running = false;
                    forget = deactivated = state.DeactivationRequested;
                }

                LastActive = Time.GetUtcNow();
            }

            if (forget)
            {
                directory.Forget(this); // Calls that find it now create a fresh activation (see TryEnqueue).
            }

            // The caller hears the outcome only now, so once it has its answer the activation is idle (or busy with the next message).
            finishPrevious.Deliver();
            if (handOff)
            {
                // Calls queued behind a turn run on the thread pool, not on one caller's thread, so no caller waits for others' turns.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }

            if (request is null)
            {
                return;
            }

            first = false;
            finishPrevious = await RunTurnAsync(request, sequence);
        }
    }

    /// <summary>
    /// Whether a call may run its turn on the calling thread: a thread-pool thread with no
    /// synchronization context or task scheduler of its own (so the turn's awaits resume as they
    /// would on the thread pool), and not too deep in turns that already run on callers' threads.
    /// </summary>
    private static bool CallerMayRunTurn() =>
        onCallerDepth < MaxOnCallerDepth && Thread.CurrentThread.IsThreadPoolThread
        && SynchronizationContext.Current is null && TaskScheduler.Current == TaskScheduler.Default;

    private static ExecutionContext CaptureEmptyContext()
    {
        ExecutionContext? empty = null;
        var thread = new Thread(() => empty = ExecutionContext.Capture()); // UnsafeStart flows nothing: the new thread's context is empty.
        thread.UnsafeStart();
        thread.Join();
        return empty!;
    }

    /// <summary>Runs one turn; returns how to tell the caller its outcome.</summary>
    private async ValueTask<TurnOutcome> RunTurnAsync(TurnRequest request, long sequence)
    {
        using var activity = Telemetry.SiloTelemetry.StartTurn(Id, request.Name, request.Parent);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            (outcome, var result) = await RunWithRetriesAsync(request, sequence);
            return new TurnOutcome(request, result, null);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.AddTag("error.type", e.GetType().Name);
            return new TurnOutcome(request, null, e);
        }
        finally
        {
            state.EndTurn();
            directory.Telemetry.TurnEnded(Id.Type, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private async ValueTask<(string Outcome, object? Result)> RunWithRetriesAsync(TurnRequest request, long sequence)
    {
        for (var attempt = 1; ; attempt++)
        {
            var inbox = await EnsureFreshAsync(sequence, request.Idempotency);
            var turn = state.BeginTurn();
            if (!request.Prepare(turn))
            {
                return ("skipped", null);
            }

            if (request.Idempotency is { } token
                && (inbox.Read ? inbox.Record : await directory.Store.FindInboxAsync(token.Scope, token.Key, CancellationToken.None)) is { } done)
            {
                return ("replayed", state.Replay(done, token, request.Name, request.ResultType));
            }

            object? result;
            GrainCommit? commit;
            try
            {
                result = await request.InvokeAsync(state.Grain);
                commit = state.BuildCommit(request.Name, request.Idempotency, request.ResultType, result);
            }
            catch
            {
                state.RestoreCommittedState();
                throw;
            }

            if (commit is null)
            {
                return ("read", result);
            }

            try
            {
                await state.CommitAsync(commit);
            }
            catch (ETagConflictException) when (attempt < directory.Options.MaxConflictRetries)
            {
                directory.Telemetry.ConflictRetried(Id.Type);
                directory.Log.ETagConflict(Id.ToString(), attempt);
                state.MarkStale(); // Another writer moved the grain: reload and run the turn again on its state.
                // Random, growing pauses (real time: this is contention, not the domain's clock) so two silos stop colliding in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 << Math.Min(attempt, 7))));
                continue;
            }
            catch (Exception e)
            {
                if (e is ETagConflictException)
                {
                    freshThrough = 0; // Known stale: the next turn checks again, however early it was queued.
                }

                state.RestoreCommittedState();
                throw;
            }

            return ("committed", result);
        }
    }

    /// <summary>
    /// Makes the activation current for a request: on a shared database, another silo may have
    /// committed a turn of this grain, so the stored ETag is read (one round trip) unless a read that
    /// began after this request was enqueued already found the activation current. Such a read saw
    /// every commit completed before the request was made, which is all its caller can know of; a
    /// commit after it is concurrent with the request, and a turn that writes still commits only if
    /// the ETag has not moved. So a burst of queued turns (every patient asking its clinic for the
    /// recall rules) shares one check instead of paying a round trip each, one after another.
    /// </summary>
    /// <returns>The request's inbox record, if the ETag check read it too (one round trip instead of two).</returns>
    private async ValueTask<InboxRead> EnsureFreshAsync(long sequence, IdempotencyToken? idempotency)
    {
        var inbox = default(InboxRead);
        if (state.Loaded && directory.Store.IsShared && sequence > freshThrough)
        {
            var covers = EnqueuedSoFar(); // Taken before the read is sent: these requests were all made before it.
            long stored;
            if (idempotency is { } token)
            {
                (stored, var record) = await directory.Store.GetETagAndInboxAsync(Id, token.Scope, token.Key, CancellationToken.None);
                inbox = new InboxRead(true, record);
            }
            else
            {
                stored = await directory.Store.GetETagAsync(Id, CancellationToken.None);
            }

            if (stored == state.ETag)
            {
                freshThrough = covers;
            }
            else
            {
                state.MarkStale(); // Another silo committed a turn of this grain since this activation last did.
            }
        }

        if (!state.Loaded)
        {
            var covers = EnqueuedSoFar();
            await LoadAsync();
            freshThrough = covers;
        }

        return inbox;
    }

    /// <summary>Whether a request's inbox record was read (and what it held) while checking freshness.</summary>
    private readonly record struct InboxRead(bool Read, InboxRecord? Record);

    private long EnqueuedSoFar()
    {
        lock (gate)
        {
            return enqueued;
        }
    }

    private async Task LoadAsync()
    {
        if (await state.LoadAsync(state.HasGrain ? state.Grain : directory.CreateGrain(type)))
        {
            await state.Grain.OnActivateAsync();
        }
    }
}

/// <summary>A turn's outcome for its caller: its result, or what it failed with.</summary>
internal readonly record struct TurnOutcome(TurnRequest? Request, object? Result, Exception? Error)
{
    public void Deliver()
    {
        if (Error is not null)
        {
            Request?.Fail(Error);
        }
        else
        {
            Request?.Complete(Result);
        }
    }
}
