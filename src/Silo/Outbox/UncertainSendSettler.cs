using Microsoft.Extensions.Options;
using Recall.Api.Webhooks;
using Recall.Grains;
using Recall.Silo.Storage;
using Recall.Silo.Work;

namespace Recall.Silo.Outbox;

/// <summary>
/// Settles uncertain sends without a person where the provider can say: a while after a send ended
/// uncertain (<see cref="OutboxOptions.CheckUncertainAfter"/>, time for the provider to have created
/// a message it got and for its status callback to arrive), it asks the provider. A message that
/// exists is settled as sent, with its delivery stage; one the provider never got is sent once more,
/// never twice (the row remembers it was checked). Only when the provider cannot be asked, or a
/// resend is uncertain again, does it stay with staff (the patient's check an hour after).
/// </summary>
internal sealed class UncertainSendSettler(
    IOutboxStore store,
    IEnumerable<IOutboxChannel> channels,
    IDeliveryReports reports,
    [FromKeyedServices(RecallClock.Key)] TimeProvider clock,
    IOptions<OutboxOptions> options,
    SiloLog log)
    : DueWorkLoop(clock, options.Value.PollInterval)
{
    private readonly TimeProvider time = clock;

    private readonly IUncertainSendCheck[] checks = [.. channels.OfType<IUncertainSendCheck>()];

    /// <summary>Asks about every uncertain send whose time has come; returns how many were settled or resent.</summary>
    public async Task<int> SettleDueAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var check in checks)
        {
            var now = time.GetUtcNow();
            foreach (var send in await store.FindUncertainAsync(check.Name, now - options.Value.CheckUncertainAfter, options.Value.BatchSize, cancellationToken))
            {
                switch (await check.FindAsync(send, cancellationToken))
                {
                    case SendCheck.Found found:
                        await reports.ApplyAsync(send.Message.Id, found.ProviderMessageId, found.Stage, null, cancellationToken);
                        await store.MarkUncertainCheckedAsync(send.Message.Id, time.GetUtcNow(), cancellationToken);
                        log.UncertainSendFound(send.Message.Id, found.ProviderMessageId);
                        handled++;
                        break;
                    case SendCheck.NotFound when await store.ResendUncertainAsync(send.Message.Id, time.GetUtcNow(), cancellationToken):
                        log.UncertainSendResent(send.Message.Id);
                        handled++;
                        break;
                    case SendCheck.Unknown unknown:
                        log.UncertainSendUnchecked(send.Message.Id, unknown.Why);
                        break;
                }
            }
        }

        return handled;
    }

    protected override Task<int> RunDueAsync(CancellationToken cancellationToken) => SettleDueAsync(cancellationToken);

    protected override Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

    protected override void LoopFailed(Exception exception) => log.OutboxLoopFailed(exception);
}
