using Orleans;

namespace Recall.Grains.Patients;

/// <summary>A patient as staff see them. <see cref="PhoneLineType"/> says whether the phone is a mobile (a landline is not texted).</summary>
[GenerateSerializer, Immutable]
public sealed record PatientView(
    string Id,
    PatientData Profile,
    IReadOnlyList<RecallCycleView> Recalls,
    DateOnly? LastVisit,
    int Visits,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Phones.PhoneLineType? PhoneLineType = null,
    DateTimeOffset? EmailOptedOutAt = null);

/// <summary>A recall cycle as of today at the clinic, with its colour and the day counts staff ask for.</summary>
[GenerateSerializer, Immutable]
public sealed record RecallCycleView(
    string RecallType,
    string RecallName,
    RecallStatus Status,
    DateOnly DueDate,
    bool DueDateSetManually,
    DueColour Colour,
    int DaysUntilDue,
    DateOnly? LastVisit,
    int? DaysSinceLastVisit);

[GenerateSerializer, Immutable]
public sealed record RecallStatusView(
    string PatientId,
    DateOnly AsOf,
    IReadOnlyList<RecallCycleView> Cycles,
    IReadOnlyList<CompletedCycle> Completed,
    IReadOnlyList<ContactAttempt> ContactAttempts);

/// <summary>One entry of a patient's communication thread: a message out (with its outcome and delivery) or in (with how it was read).</summary>
[GenerateSerializer, Immutable]
public sealed record CommunicationEntry(
    DateTimeOffset At,
    string Direction,
    string Channel,
    string? MessageKey,
    Hosting.OutboxOutcome? Outcome,
    Hosting.DeliveryStage? Delivery,
    string? Detail,
    string? Text,
    Phones.ReplyMeaning? Meaning,
    bool NeedsHuman,
    string? ProviderMessageId,
    string? By = null,
    string? Template = null);
