using System.Collections.Concurrent;
using System.Threading.Channels;
using Recall.Api.Live;
using Recall.Silo.Storage;
using Recall.Silo.Turns;

namespace Recall.Silo.Live;

/// <summary>
/// Turns commits into live events for the staff pages (Server-Sent Events): this silo's commits,
/// and (through an <see cref="IClinicEventRelay"/>, on PostgreSQL) the commits of the other silos,
/// so a page hears a change whichever silo made it.
/// </summary>
internal sealed class ClinicEventHub : IClinicEvents
{
    /// <summary>A slow page loses the oldest events rather than holding the committing turn: any event means "refetch".</summary>
    private const int Buffered = 64;

    private readonly ConcurrentDictionary<Subscription, string> subscriptions = new();

    private readonly IClinicEventRelay[] relays;

    public ClinicEventHub(CommitEvents commits, IEnumerable<IClinicEventRelay> relays)
    {
        this.relays = [.. relays];
        commits.Committed += OnCommitted;
    }

    public IClinicEventSubscription Subscribe(string clinicId)
    {
        var subscription = new Subscription(this);
        subscriptions[subscription] = clinicId;
        return subscription;
    }

    /// <summary>Runs on the committing turn's thread: only non-blocking writes here.</summary>
    private void OnCommitted(GrainCommit commit)
    {
        if ((subscriptions.IsEmpty && relays.Length == 0) || EventOf(commit) is not var (clinicId, change))
        {
            return;
        }

        Deliver(clinicId, change);
        foreach (var relay in relays)
        {
            relay.Send(clinicId, change);
        }
    }

    /// <summary>Hands a change to the pages of the clinic open on this silo: from a commit here, or relayed from another silo.</summary>
    public void Deliver(string clinicId, ClinicEvent change)
    {
        foreach (var (subscription, clinic) in subscriptions)
        {
            if (clinic == clinicId)
            {
                subscription.Channel.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>
    /// Tells every open page to refetch: this silo may have missed other silos' changes (its
    /// notification connection was down), and an event without an id means "anything may have changed".
    /// </summary>
    public void RefreshAll(DateTimeOffset at)
    {
        foreach (var (subscription, _) in subscriptions)
        {
            foreach (var kind in (string[])["patient", "phone", "schedule", "clinic"])
            {
                subscription.Channel.Writer.TryWrite(new ClinicEvent(kind, null, at));
            }
        }
    }

    /// <summary>The clinic a grain belongs to and what to tell its pages; null for grains staff pages do not show.</summary>
    private static (string ClinicId, ClinicEvent Change)? EventOf(GrainCommit commit)
    {
        var key = commit.Id.Key;
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return commit.Id.Type switch
        {
            "patient" or "phone" when slash > 0 => (key[..slash], new ClinicEvent(commit.Id.Type, key[(slash + 1)..], commit.At)),
            "clinic" or "staff" or "schedule" => (key, new ClinicEvent(commit.Id.Type, null, commit.At)),
            _ => null,
        };
    }

    private sealed class Subscription(ClinicEventHub hub) : IClinicEventSubscription
    {
        public Channel<ClinicEvent> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<ClinicEvent>(
            new BoundedChannelOptions(Buffered) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public ChannelReader<ClinicEvent> Events => Channel.Reader;

        public void Dispose()
        {
            hub.subscriptions.TryRemove(this, out _);
            Channel.Writer.TryComplete();
        }
    }
}
