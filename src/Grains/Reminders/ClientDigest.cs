using Orleans;

namespace Recall.Grains.Reminders;

/// <summary>
/// One patient's reminder handed to its client's daily message (an owner with several pets).
/// <see cref="Line"/> names the patient and what is due, for the combined text; <see cref="Body"/>
/// and <see cref="Subject"/> are the patient's own message, sent as is when it is the day's only one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DigestItem(
    string PatientId,
    string SendId,
    string MessageKey,
    DateOnly Day,
    string Channel,
    string Recipient,
    string? Language,
    string Line,
    string Body,
    string? Subject,
    string? DigestKey = null);

/// <summary>The persisted state of a client: reminders collected for its daily messages, and which days' messages went.</summary>
public sealed class ClientState
{
    public List<DigestItem> Items { get; set; } = [];

    /// <summary>The outbox keys of the messages sent (<c>digest:{day}:{channel}</c>): a day and channel gets one.</summary>
    public List<string> Sent { get; set; } = [];
}
