using Recall.Grains.Hosting;

namespace Recall.Grains.Phones;

/// <summary>A number that said STOP: the outbox checks it at send time, so a message queued before the STOP is not sent.</summary>
public sealed record SmsOptOutRow(string ClinicId, string Phone, DateTimeOffset Since) : QueryRow
{
    public override string RowKey => Phone;
}
