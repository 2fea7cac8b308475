using Recall.Grains.Hosting;
using Recall.Grains.Staff;

namespace Recall.Grains.Reminders;

/// <summary>A send in the clinic's send queue, maintained by the patient grain that owns it.</summary>
public sealed record SendQueueRow(
    string ClinicId,
    string PatientId,
    string SendId,
    SendPurpose Purpose,
    string Channel,
    DateTimeOffset At,
    SendState State,
    string? RecallType,
    string? Text,
    string? By,
    StaffRole? Role,
    DateTimeOffset? GoesAt,
    string? Detail) : QueryRow
{
    public override string RowKey => SendId;

    public static SendQueueRow Of(string clinicId, string patientId, ScheduledSend send) => new(
        clinicId, patientId, send.Id, send.Purpose, send.Channel, send.At, send.State, send.RecallType, send.Text, send.By, send.Role, send.GoesAt, send.Detail);
}

/// <summary>Filters for the send queue; by default what is still to go (scheduled and held), soonest first.</summary>
public sealed record SendQueueFilter(
    SendState? State = null,
    SendPurpose? Purpose = null,
    string? Channel = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null,
    string? PatientId = null,
    int Page = 1,
    int PageSize = 50);

/// <summary>A send as the queue shows it: with the patient's name, and whether staff may still edit it.</summary>
public sealed record SendQueueItem(
    string SendId,
    string PatientId,
    string PatientName,
    SendPurpose Purpose,
    string Channel,
    DateTimeOffset At,
    SendState State,
    string? RecallType,
    string? Text,
    string? By,
    StaffRole? Role,
    DateTimeOffset? GoesAt,
    string? Detail)
{
    /// <summary>A manual send waiting for its time (not yet handed to the outbox) may be edited, moved or cancelled.</summary>
    public bool Editable => Purpose is SendPurpose.Manual or SendPurpose.Internal && State == SendState.Scheduled && GoesAt is null;
}

public sealed record SendQueuePage(IReadOnlyList<SendQueueItem> Items, int Page, int PageSize, int Total);
