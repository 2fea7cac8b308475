using Orleans;

namespace Recall.Grains.Phones;

/// <summary>
/// A phone number as the clinic knows it: whether it may be texted (consent, with every change and
/// its source), and which patient it was last texted about, so a reply from a number a family
/// shares reaches the conversation that asked. Stored as JSON: add properties, never rename them.
/// </summary>
[GenerateSerializer]
public sealed class PhoneState
{
    [Id(0)]
    public bool OptedOut { get; set; }

    [Id(1)]
    public List<ConsentChange> ConsentChanges { get; set; } = [];

    [Id(2)]
    public Conversation? LastConversation { get; set; }
}

/// <summary>A change of consent: when, which way, and what caused it (e.g. "sms:STOP").</summary>
[GenerateSerializer, Immutable]
public sealed record ConsentChange(DateTimeOffset At, bool OptedIn, string Source);

/// <summary>The last message sent to this number: to whom it was about, and which step sent it.</summary>
[GenerateSerializer, Immutable]
public sealed record Conversation(string PatientId, string MessageKey, DateTimeOffset At);

/// <summary>An SMS received from this number.</summary>
[GenerateSerializer, Immutable]
public sealed record InboundSms(string MessageSid, string Body, DateTimeOffset At);

/// <summary>What to do with an inbound SMS: the text to answer with (none: answer nothing) and the patient it belongs to.</summary>
[GenerateSerializer, Immutable]
public sealed record InboundRouting(SmsKeyword Keyword, string? Reply, string? PatientId);
