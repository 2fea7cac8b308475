using Orleans;
using Recall.Grains.Hosting;

namespace Recall.Grains.Patients;

/// <summary>
/// The persisted state of a patient. Stored as JSON: never rename or reuse a property; add new
/// ones with defaults so that documents written by earlier versions still read
/// (tests/Silo.Tests/StateVersioningTests reads a version-1 document).
/// </summary>
public sealed class PatientState
{
    public bool Exists { get; set; }

    public PatientData? Profile { get; set; }

    public List<Visit> Visits { get; set; } = [];

    /// <summary>The open cycle of each recall type.</summary>
    public List<RecallCycle> Cycles { get; set; } = [];

    public List<CompletedCycle> CompletedCycles { get; set; } = [];

    public List<ContactAttempt> ContactAttempts { get; set; } = [];

    /// <summary>Set when no channel reached the patient (no contact data, SMS failed for good and no email): staff take over.</summary>
    public HardToReach? HardToReach { get; set; }

    /// <summary>Messages the patient (or the family's number) sent, oldest first.</summary>
    public List<InboundMessage> InboundMessages { get; set; } = [];

    /// <summary>When each message of the last week is (or was) to go out: what the frequency caps count.</summary>
    public List<DateTimeOffset> ScheduledSends { get; set; } = [];

    /// <summary>Work for staff about this patient, by role; a workflow step never makes a second task.</summary>
    public List<Tasks.StaffTask> Tasks { get; set; } = [];

    /// <summary>The primary insurance, as the practice recorded it.</summary>
    public Insurance.InsurancePolicy? Insurance { get; set; }

    /// <summary>When the patient prefers to come; the visit suggestion and slot search follow it.</summary>
    public Scheduling.VisitPreferences? Preferences { get; set; }

    /// <summary>Booked, cancelled and completed visits, as the schedule told this grain.</summary>
    public List<PatientAppointment> Appointments { get; set; } = [];

    /// <summary>Freed slots offered to the patient (ASAP list) and not yet answered or gone.</summary>
    public List<Scheduling.AppointmentNotice> SlotOffers { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What staff replied to the patient by SMS, with who replied (the thread shows the text).</summary>
    public List<StaffReplyRecord> StaffReplies { get; set; } = [];

    /// <summary>When the patient's personal data was erased (a data-protection request), and by whom; null while it is held.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public string? ErasedBy { get; set; }

    /// <summary>Every send planned for the patient (rule schedules, manual and booking reminders, internal reminders), with where each stands.</summary>
    public List<Reminders.ScheduledSend> Sends { get; set; } = [];

    /// <summary>The number of the last manual reminder made for the patient: each gets the next (m1, m2...).</summary>
    public int ManualReminders { get; set; }

    /// <summary>When a fresh page link was last texted on the patient's asking: at most one per ten minutes.</summary>
    public DateTimeOffset? PageLinkSentAt { get; set; }

    /// <summary>When the patient opted out of email on their page: no email goes to them (or their responsible party) since.</summary>
    public DateTimeOffset? EmailOptedOutAt { get; set; }

    /// <summary>Messages from the clinic read on the patient's page, oldest first.</summary>
    public List<PatientLinks.PortalMessage> PortalMessages { get; set; } = [];
}

public sealed record Visit(DateOnly Date, IReadOnlyList<string> ServiceCodes, DateTimeOffset RecordedAt, string? VisitId = null);

/// <summary>
/// The open cycle of one recall type. A manual due date, when set, wins over the computed one.
/// <see cref="NoticeSent"/> says the first recall notice for this due date is queued (or a contact
/// made it unnecessary): until then the patient is owed one, whatever else happens to the cycle.
/// </summary>
public sealed record RecallCycle(
    string RecallType,
    DateOnly? LastVisit,
    DateOnly DueDate,
    RecallStatus Status,
    DateTimeOffset StatusSince,
    DateOnly? ManualDueDate = null,
    bool NoticeSent = false,
    DateTimeOffset? OutreachStartedAt = null)
{
    /// <summary>Step 7: the record is flagged "recall required" from the first outreach until the patient books or comes.</summary>
    public bool RecallRequired => OutreachStartedAt is not null && Status is RecallStatus.Overdue or RecallStatus.Contacted;
}

/// <summary>A cycle closed by a qualifying visit; kept for compliance reports and the retention score.</summary>
[GenerateSerializer, Immutable]
public sealed record CompletedCycle(string RecallType, DateOnly DueDate, DateOnly CompletedOn);

/// <summary>
/// One attempt to reach the patient, how it ended, (for a sent message) how far it got, and who or
/// what made it: a staff member or key for a call, the rule ("recall notice") for an automatic message.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ContactAttempt(
    DateTimeOffset At,
    string Channel,
    string MessageKey,
    OutboxOutcome Outcome,
    string? Detail = null,
    string? ProviderMessageId = null,
    DeliveryStage? Delivery = null,
    DateTimeOffset? DeliveryAt = null,
    string? By = null,
    string? Template = null);

/// <summary>
/// A message from the patient: what it said, how it was read, and whether a person must read it
/// (a "yes" wants booking, anything not understood wants reading; a "no" or a keyword does not).
/// </summary>
public sealed record InboundMessage(
    DateTimeOffset At,
    string Channel,
    string Text,
    string ProviderMessageId,
    Phones.SmsKeyword Keyword,
    Phones.ReplyMeaning Meaning,
    bool NeedsHuman,
    bool Handled = false);

/// <summary>A visit booked for the patient, with what its messages need (instructions by language).</summary>
[GenerateSerializer, Immutable]
public sealed record PatientAppointment(
    string Id,
    string VisitTypeId,
    string VisitTypeName,
    string? RecallType,
    DateTimeOffset Start,
    DateTimeOffset End,
    Scheduling.AppointmentStatus Status,
    DateTimeOffset BookedAt,
    string? By = null,
    IReadOnlyDictionary<string, string>? Instructions = null,
    PatientLinks.PreRegistration? PreRegistration = null);

/// <summary>Why and since when the patient could not be reached by any channel.</summary>
public sealed record HardToReach(DateTimeOffset Since, string Reason);
