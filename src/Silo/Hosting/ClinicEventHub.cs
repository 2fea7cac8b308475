using System.Collections.Concurrent;
using System.Threading.Channels;
using Recall.Api.Live;
using Recall.Silo.Storage;

namespace Recall.Silo.Hosting;

/// <summary>
/// Turns this silo's commits into live events for the staff pages (Server-Sent Events). In-process:
/// a page hears the commits of the silo it is connected to. With several silos on PostgreSQL a
/// change committed on another silo reaches the page at its next refresh or reconnect; carrying
/// these events over the existing LISTEN/NOTIFY is the step that closes that gap (docs/architecture.md).
/// </summary>
internal sealed class ClinicEventHub : IClinicEvents
{
    /// <summary>A slow page loses the oldest events rather than holding the committing turn: any event means "refetch".</summary>
    private const int Buffered = 64;

    private readonly ConcurrentDictionary<Subscription, string> subscriptions = new();

    public ClinicEventHub(ActivationDirectory directory) => directory.Committed += OnCommitted;

    public IClinicEventSubscription Subscribe(string clinicId)
    {
        var subscription = new Subscription(this);
        subscriptions[subscription] = clinicId;
        return subscription;
    }

    /// <summary>Runs on the committing turn's thread: only non-blocking writes here.</summary>
    private void OnCommitted(GrainCommit commit)
    {
        if (subscriptions.IsEmpty || EventOf(commit) is not var (clinicId, change))
        {
            return;
        }

        foreach (var (subscription, clinic) in subscriptions)
        {
            if (clinic == clinicId)
            {
                subscription.Channel.Writer.TryWrite(change);
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
