using System.Diagnostics.Metrics;
using Recall.Grains.PatientLinks;

namespace Recall.Api.PatientPages;

/// <summary>
/// What patients do on their pages, for operators: links opened by purpose and state (a run of invalid
/// links is someone guessing), and bookings, moves, cancellations, opt-outs and pre-registrations.
/// </summary>
public sealed class PatientPageMetrics : IDisposable
{
    public const string Name = "Recall.Api";

    private readonly Meter meter;
    private readonly Counter<long> opened;
    private readonly Counter<long> actions;

    public PatientPageMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(Name);
        opened = meter.CreateCounter<long>("recall.patient_pages.opened", "{page}", "Patient links opened, by purpose and state (valid, expired, invalid).");
        actions = meter.CreateCounter<long>("recall.patient_pages.actions", "{action}", "What patients did on their pages: booked, moved, cancelled, opted out, pre-registered, asked for a new link.");
    }

    public void Opened(LinkPurpose? purpose, LinkState state) =>
        opened.Add(1, new("recall.link.purpose", purpose?.ToString().ToLowerInvariant() ?? "unknown"), new("recall.link.state", state.ToString().ToLowerInvariant()));

    public void Action(string action) => actions.Add(1, new KeyValuePair<string, object?>("recall.action", action));

    public void Dispose() => meter.Dispose();
}
