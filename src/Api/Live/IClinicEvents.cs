using System.Threading.Channels;

namespace Recall.Api.Live;

/// <summary>Changes committed in a clinic, as they happen. Implemented by the silo (from its commits).</summary>
public interface IClinicEvents
{
    /// <summary>Starts listening to one clinic's changes; dispose to stop.</summary>
    IClinicEventSubscription Subscribe(string clinicId);
}

public interface IClinicEventSubscription : IDisposable
{
    ChannelReader<ClinicEvent> Events { get; }
}

/// <summary>
/// Something changed: <see cref="Kind"/> is patient, phone (consent), clinic (settings, rules,
/// templates, keys) or staff; <see cref="Id"/> the patient id or phone number where there is one.
/// Small on purpose: a page refetches what it shows, through the same permission checks.
/// </summary>
public sealed record ClinicEvent(string Kind, string? Id, DateTimeOffset At);
