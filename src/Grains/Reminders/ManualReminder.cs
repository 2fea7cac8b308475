using Orleans;
using Recall.Grains.Staff;

namespace Recall.Grains.Reminders;

/// <summary>
/// A reminder a staff member makes for one patient: its own send times, by the channels listed, with
/// the staff member's <see cref="Text"/> (placeholders allowed) or, without one, the clinic's recall
/// template. With <see cref="Role"/> it is internal: at each time a task with the text lands on that
/// role's worklist and nothing goes to the client.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ManualReminder(
    IReadOnlyList<DateTimeOffset> At,
    IReadOnlyList<string>? Channels = null,
    string? Text = null,
    StaffRole? Role = null,
    string? RecallType = null);

/// <summary>A change to a manual send still waiting for its time: new wording and/or a new time.</summary>
[GenerateSerializer, Immutable]
public sealed record SendChange(string? Text = null, DateTimeOffset? At = null);

/// <summary>The patient's sends, newest plans first, and the manual reminders they belong to.</summary>
[GenerateSerializer, Immutable]
public sealed record SendsView(string PatientId, IReadOnlyList<ScheduledSend> Sends);
