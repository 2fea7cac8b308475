using Orleans;

namespace Recall.Grains.PatientLinks;

/// <summary>
/// A message from the clinic that the patient reads on their own page (not in an SMS: it may say more,
/// and it is read behind a signed link). <see cref="ReadAt"/> is when they first opened it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PortalMessage(string Id, DateTimeOffset At, string Text, string By, DateTimeOffset? ReadAt = null);
