using Recall.Grains.Hosting;

namespace Recall.Grains.Patients;

/// <summary>A patient of a clinic: profile, visits and one recall cycle per recall type. Key: <c>clinicId/patientId</c>.</summary>
public interface IPatientGrain : IGrain
{
    /// <summary>Creates the patient; fails with a conflict if it exists.</summary>
    Task<PatientView> CreateAsync(PatientData data);

    /// <summary>Replaces the profile of an existing patient.</summary>
    Task<PatientView> UpdateAsync(PatientData data);

    /// <summary>
    /// Creates or updates the patient and adds the given past visits (bulk import). For an existing
    /// patient, optional fields not in <paramref name="supplied"/> keep their stored values.
    /// </summary>
    Task<PatientView> ImportAsync(PatientData data, IReadOnlyList<VisitInput> visits, PatientFields supplied);

    /// <summary>The patient, or null if it does not exist.</summary>
    Task<PatientView?> GetAsync();

    /// <summary>Everything held about the patient, for a data-protection request (GDPR art. 15 and 20); null if it does not exist.</summary>
    Task<PatientRecord?> ExportAsync();

    /// <summary>
    /// Erases the patient's personal data (GDPR art. 17): the profile, visits, cycles, messages, tasks,
    /// insurance and appointments go; what reports count is kept without anything that identifies the
    /// patient. Refused while a future appointment is booked (cancel it first). Erasing twice is the same.
    /// </summary>
    Task<ErasureView> EraseAsync(string by);

    /// <summary>Records a completed visit; cycles completed by its services restart at once.</summary>
    Task<RecallStatusView> RecordVisitAsync(VisitInput visit);

    /// <summary>The recall cycles as of today at the clinic, with completed cycles and contact attempts.</summary>
    Task<RecallStatusView> GetRecallStatusAsync();

    /// <summary>Sets (or, with null, clears) a manual due date for one recall type; it wins over the computed one.</summary>
    Task<RecallStatusView> SetManualDueDateAsync(string recallType, DateOnly? dueDate);

    /// <summary>Recomputes the cycles after the clinic's rules changed.</summary>
    Task RefreshRecallsAsync();

    /// <summary>Takes an SMS from the patient's (or the family's) number that belongs to this patient's conversation.</summary>
    Task ReceiveSmsAsync(Phones.InboundSms sms, Phones.SmsKeyword keyword);

    /// <summary>Logs a staff phone call; reaching the patient counts as a contact for the open recalls.</summary>
    Task<IReadOnlyList<CommunicationEntry>> LogCallAsync(CallLog phoneCall);

    /// <summary>Marks the patient's messages that wanted a person as dealt with (they leave the awaiting-reply list).</summary>
    Task<IReadOnlyList<CommunicationEntry>> MarkMessagesHandledAsync();

    /// <summary>Texts a staff member's reply to the patient (sending window and STOP respected); their waiting messages count as handled.</summary>
    Task<IReadOnlyList<CommunicationEntry>> ReplyAsync(StaffReply reply);

    /// <summary>Everything sent to and received from the patient, oldest first.</summary>
    Task<IReadOnlyList<CommunicationEntry>> GetCommunicationLogAsync();

    /// <summary>The patient's tasks, open ones first by priority and due time.</summary>
    Task<IReadOnlyList<Tasks.StaffTask>> GetTasksAsync();

    /// <summary>A staff member takes a task (a conflict if someone else has it).</summary>
    Task<Tasks.StaffTask> ClaimTaskAsync(string taskId, string by);

    /// <summary>Completes a task with an outcome, which feeds back into the recall cycle.</summary>
    Task<Tasks.StaffTask> CompleteTaskAsync(string taskId, TaskCompletion completion);

    /// <summary>Takes a task off the worklist until a later time.</summary>
    Task<Tasks.StaffTask> SnoozeTaskAsync(string taskId, DateTimeOffset until, string by);

    /// <summary>Records the primary insurance; an open verification task it settles is closed.</summary>
    Task<RecallPlanView> SetInsuranceAsync(Insurance.InsurancePolicy policy);

    /// <summary>Records when the patient prefers to come.</summary>
    Task<RecallPlanView> SetVisitPreferencesAsync(Scheduling.VisitPreferences preferences);

    /// <summary>The cycles with coverage and the suggested visit date, insurance, preferences and the retention score with its reasons.</summary>
    Task<RecallPlanView> GetRecallPlanAsync();

    /// <summary>Free slots from the suggested date, within the patient's preferences.</summary>
    Task<IReadOnlyList<Scheduling.Slot>> SuggestSlotsAsync(string visitTypeId, int days, int max = 20);

    /// <summary>Books a free slot; the recall outreach ends at once and the confirmation goes out.</summary>
    Task<PatientAppointment> BookAsync(BookingInput input);

    Task<PatientAppointment> RescheduleAppointmentAsync(string appointmentId, DateTimeOffset start, string by);

    Task<PatientAppointment> CancelAppointmentAsync(string appointmentId, string by, string? reason);

    Task<IReadOnlyList<PatientAppointment>> GetAppointmentsAsync();

    /// <summary>Schedules a manual reminder (for the client, or with a role an internal one); returns the patient's sends.</summary>
    Task<Reminders.SendsView> AddReminderAsync(Reminders.ManualReminder reminder, string by);

    /// <summary>Every send planned for the patient, with where each stands.</summary>
    Task<Reminders.SendsView> GetSendsAsync();

    /// <summary>Edits the text or time of a manual send that has not gone out (a conflict once it has).</summary>
    Task<Reminders.ScheduledSend> ChangeSendAsync(string sendId, Reminders.SendChange change, string by);

    /// <summary>Cancels a manual send that has not gone out (a conflict once it has).</summary>
    Task<Reminders.ScheduledSend> CancelSendAsync(string sendId, string by);

    /// <summary>Whether a send handed to the client's daily message is still wanted (not withdrawn since).</summary>
    Task<bool> IsSendPendingAsync(string sendId);

    /// <summary>How the client's daily message that carried one of this patient's sends ended (keyed by the send's own message key).</summary>
    Task ReceiveDigestResultAsync(OutboxResult result);

    /// <summary>Texts a fresh patient-page link of <paramref name="purpose"/> to the number on file (at most one per ten minutes).</summary>
    Task SendPageLinkAsync(PatientLinks.LinkPurpose purpose, string? subject);

    /// <summary>The patient stops SMS (the number's STOP), email, or everything (and prefers no contact), from their own page.</summary>
    Task OptOutAsync(PatientLinks.OptOutChoice choice, string source);

    /// <summary>The patient's answers before a booked visit: contact details checked, insurance, reason, consent.</summary>
    Task<PatientAppointment> PreRegisterAsync(string appointmentId, PatientLinks.PreRegistrationAnswers answers);

    /// <summary>A message for the patient's page; they are told by SMS or email that it is there.</summary>
    Task<IReadOnlyList<PatientLinks.PortalMessage>> WritePortalMessageAsync(string text, string by);

    Task<IReadOnlyList<PatientLinks.PortalMessage>> GetPortalMessagesAsync();

    /// <summary>The patient opened their messages page: every unread message is read from now.</summary>
    Task<IReadOnlyList<PatientLinks.PortalMessage>> ReadPortalMessagesAsync();

    /// <summary>A notice from the clinic's schedule (booked, cancelled, a freed slot on offer); repeats change nothing.</summary>
    Task ApplyAppointmentNoticeAsync(Scheduling.AppointmentNotice notice);
}
