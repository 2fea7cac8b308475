using System.Text.Json.Serialization;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Phones;
using Recall.Grains.Staff;

namespace Recall.Grains.Serialization;

/// <summary>
/// Source-generated JSON for everything the host persists: grain states, and command results
/// stored with idempotency keys. A type missing here cannot be stored, and the host says so.
/// Enums are stored by name; the rest of the format (camelCase, nulls omitted) is the silo's
/// GrainSerializer's, since generated metadata takes the naming policy from the options in use.
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClinicState))]
[JsonSerializable(typeof(PatientState))]
[JsonSerializable(typeof(PhoneState))]
[JsonSerializable(typeof(Reminders.ClientState))]
[JsonSerializable(typeof(StaffDirectoryState))]
[JsonSerializable(typeof(InboundRouting))]
[JsonSerializable(typeof(ClinicView))]
[JsonSerializable(typeof(ApiKeyView))]
[JsonSerializable(typeof(EffectiveTemplate))]
[JsonSerializable(typeof(PatientView))]
[JsonSerializable(typeof(RecallStatusView))]
[JsonSerializable(typeof(Scheduling.ScheduleState))]
[JsonSerializable(typeof(Scheduling.AppointmentNotice))]
[JsonSerializable(typeof(Scheduling.ScheduleSetup))]
[JsonSerializable(typeof(Scheduling.Appointment))]
[JsonSerializable(typeof(PatientAppointment))]
[JsonSerializable(typeof(Tasks.StaffTask))]
[JsonSerializable(typeof(RecallPlanView))]
[JsonSerializable(typeof(Reports.DailyReport))]
[JsonSerializable(typeof(Reports.ContactDueReport))]
[JsonSerializable(typeof(Reports.MonthlyReport))]
// Every other result of a grain method (GrainResultsStorableTests): any command may carry an idempotency key.
[JsonSerializable(typeof(IReadOnlyList<CommunicationEntry>))]
[JsonSerializable(typeof(PatientRecord))]
[JsonSerializable(typeof(ErasureView))]
[JsonSerializable(typeof(IReadOnlyList<PatientAppointment>))]
[JsonSerializable(typeof(IReadOnlyList<Tasks.StaffTask>))]
[JsonSerializable(typeof(IReadOnlyList<Scheduling.Slot>))]
[JsonSerializable(typeof(IReadOnlyList<Scheduling.AsapEntry>))]
[JsonSerializable(typeof(IReadOnlyList<Scheduling.Appointment>))]
[JsonSerializable(typeof(IReadOnlyList<EffectiveTemplate>))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyView>))]
[JsonSerializable(typeof(IReadOnlyList<StaffUserView>))]
[JsonSerializable(typeof(StaffUserView))]
[JsonSerializable(typeof(StaffSession))]
[JsonSerializable(typeof(SignInCandidate))]
[JsonSerializable(typeof(ApiKeyRow))]
[JsonSerializable(typeof(RecallContext))]
[JsonSerializable(typeof(Queries.RecallCounts))]
[JsonSerializable(typeof(Reminders.SendsView))]
[JsonSerializable(typeof(Reminders.ScheduledSend))]
[JsonSerializable(typeof(IReadOnlyList<PatientLinks.PortalMessage>))]
public sealed partial class GrainJsonContext : JsonSerializerContext;
