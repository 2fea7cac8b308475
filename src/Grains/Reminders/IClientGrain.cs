using Recall.Grains.Hosting;

namespace Recall.Grains.Reminders;

/// <summary>
/// A client of the clinic with several patients (an owner and their pets), keyed <c>clinicId/clientId</c>
/// (the patients' responsible party id). It turns the reminders due to the client on one day into one
/// message per channel.
/// </summary>
public interface IClientGrain : IGrain
{
    /// <summary>Takes a patient's reminder for the client's message; returns when that message will go. A repeat changes nothing.</summary>
    Task<DateTimeOffset> CollectAsync(DigestItem item);
}
