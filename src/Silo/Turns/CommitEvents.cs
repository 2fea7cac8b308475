using Recall.Silo.Storage;

namespace Recall.Silo.Turns;

/// <summary>
/// Raised after every commit, on the committing turn's thread, whichever host ran the turn: the
/// reminder and outbox loops wake on it, and live pages hear of changes.
/// </summary>
internal sealed class CommitEvents
{
    public event Action<GrainCommit>? Committed;

    public void Raise(GrainCommit commit) => Committed?.Invoke(commit);
}
