using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Grains.Staff;

namespace Recall.Api.Staff;

/// <summary>What a signed-in staff member may do. Integration keys and the admin key are not staff and keep their own rules.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A permission in the role table, not a .NET CodeAccessPermission.")]
public enum StaffPermission
{
    ReadClinic,
    ReadPatients,
    EditPatients,
    RecordVisits,
    ContactPatients,
    WorkTasks,
    BookAppointments,
    ReadReports,
    ReadOutbox,
    ManageTemplates,
    ManageRecallRules,
    ManageSettings,
    ManageStaff,
    ManageApiKeys,
    ReadAuditLog,

    /// <summary>Data-protection requests: a patient's data exported whole, or erased.</summary>
    ManagePatientData,
}

/// <summary>
/// The policy table, in one place: which role holds which permission, and which permission each
/// clinic endpoint needs from staff. An endpoint missing from <see cref="ByEndpoint"/> is closed to
/// staff (integration keys only), so a new endpoint is never opened to every role by accident;
/// StaffPermissionsTests lists every clinic endpoint so a new one is a conscious decision here.
/// </summary>
public static class StaffPermissions
{
    // Every role works its own task list, calls and texts patients, and books them (a hygienist books the next recall at the chair).
    private static readonly StaffPermission[] Everyone =
        [StaffPermission.ReadClinic, StaffPermission.ReadPatients, StaffPermission.ContactPatients, StaffPermission.WorkTasks, StaffPermission.BookAppointments];

    public static readonly FrozenDictionary<StaffRole, FrozenSet<StaffPermission>> ByRole = new Dictionary<StaffRole, FrozenSet<StaffPermission>>
    {
        // Calls and books patients, keeps contact details right.
        [StaffRole.FrontDesk] = Set([.. Everyone, StaffPermission.EditPatients]),
        // Records the hygiene visits they do.
        [StaffRole.Hygienist] = Set([.. Everyone, StaffPermission.RecordVisits]),
        // Decides the clinical intervals (recall rules) and sees how recall goes.
        [StaffRole.LeadDentist] = Set([.. Everyone, StaffPermission.EditPatients, StaffPermission.RecordVisits, StaffPermission.ReadReports,
            StaffPermission.ManageRecallRules]),
        // Runs the office: settings, hours, wording, reports; not accounts or keys.
        [StaffRole.OfficeManager] = Set([.. Everyone, StaffPermission.EditPatients, StaffPermission.RecordVisits, StaffPermission.ReadReports,
            StaffPermission.ReadOutbox, StaffPermission.ManageTemplates, StaffPermission.ManageRecallRules, StaffPermission.ManageSettings]),
        [StaffRole.Admin] = Set(Enum.GetValues<StaffPermission>()),
    }.ToFrozenDictionary();

    /// <summary>"METHOD route pattern" of each clinic endpoint staff may use, and what it needs.</summary>
    public static readonly FrozenDictionary<string, StaffPermission> ByEndpoint = new Dictionary<string, StaffPermission>(StringComparer.Ordinal)
    {
        ["GET /clinics/{clinicId}"] = StaffPermission.ReadClinic,
        ["PUT /clinics/{clinicId}/settings"] = StaffPermission.ManageSettings,
        ["PUT /clinics/{clinicId}/recall-rules"] = StaffPermission.ManageRecallRules,
        ["GET /clinics/{clinicId}/counts"] = StaffPermission.ReadPatients,
        ["GET /clinics/{clinicId}/contacts/counts"] = StaffPermission.ReadReports,
        ["GET /clinics/{clinicId}/events"] = StaffPermission.ReadPatients,
        ["GET /clinics/{clinicId}/outbox"] = StaffPermission.ReadOutbox,
        ["GET /clinics/{clinicId}/audit"] = StaffPermission.ReadAuditLog,
        ["GET /clinics/{clinicId}/patients/{patientId}/export"] = StaffPermission.ManagePatientData,
        ["POST /clinics/{clinicId}/patients/{patientId}/erase"] = StaffPermission.ManagePatientData,
        ["GET /clinics/{clinicId}/phones/{phone}"] = StaffPermission.ReadPatients,

        ["GET /clinics/{clinicId}/patients"] = StaffPermission.ReadPatients,
        ["POST /clinics/{clinicId}/patients"] = StaffPermission.EditPatients,
        ["POST /clinics/{clinicId}/patients/import"] = StaffPermission.EditPatients,
        ["GET /clinics/{clinicId}/patients/{patientId}"] = StaffPermission.ReadPatients,
        ["PUT /clinics/{clinicId}/patients/{patientId}"] = StaffPermission.EditPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/visits"] = StaffPermission.RecordVisits,
        ["GET /clinics/{clinicId}/patients/{patientId}/recalls"] = StaffPermission.ReadPatients,
        ["PUT /clinics/{clinicId}/patients/{patientId}/recalls/{recallType}/due-date"] = StaffPermission.EditPatients,
        ["GET /clinics/{clinicId}/patients/{patientId}/messages"] = StaffPermission.ReadPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/calls"] = StaffPermission.ContactPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/messages/handled"] = StaffPermission.ContactPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/messages/reply"] = StaffPermission.ContactPatients,

        ["GET /clinics/{clinicId}/templates"] = StaffPermission.ReadClinic,
        ["PUT /clinics/{clinicId}/templates/{purpose}/{language}"] = StaffPermission.ManageTemplates,
        ["DELETE /clinics/{clinicId}/templates/{purpose}/{language}"] = StaffPermission.ManageTemplates,
        ["POST /clinics/{clinicId}/templates/preview"] = StaffPermission.ManageTemplates,

        ["GET /clinics/{clinicId}/staff"] = StaffPermission.ManageStaff,
        ["POST /clinics/{clinicId}/staff"] = StaffPermission.ManageStaff,
        ["PUT /clinics/{clinicId}/staff/{userName}"] = StaffPermission.ManageStaff,
        ["PUT /clinics/{clinicId}/staff/{userName}/password"] = StaffPermission.ManageStaff,

        // Issue #4's endpoints (tasks, booking, insurance, reports), decided here ahead of the merge.
        ["GET /clinics/{clinicId}/tasks"] = StaffPermission.WorkTasks,
        ["GET /clinics/{clinicId}/patients/{patientId}/tasks"] = StaffPermission.WorkTasks,
        ["POST /clinics/{clinicId}/patients/{patientId}/tasks/{taskId}/claim"] = StaffPermission.WorkTasks,
        ["POST /clinics/{clinicId}/patients/{patientId}/tasks/{taskId}/snooze"] = StaffPermission.WorkTasks,
        ["POST /clinics/{clinicId}/patients/{patientId}/tasks/{taskId}/complete"] = StaffPermission.WorkTasks,
        ["GET /clinics/{clinicId}/patients/{patientId}/plan"] = StaffPermission.ReadPatients,
        ["PUT /clinics/{clinicId}/patients/{patientId}/insurance"] = StaffPermission.EditPatients,
        ["PUT /clinics/{clinicId}/patients/{patientId}/visit-preferences"] = StaffPermission.EditPatients,
        ["GET /clinics/{clinicId}/schedule/setup"] = StaffPermission.ReadClinic,
        ["PUT /clinics/{clinicId}/schedule/setup"] = StaffPermission.ManageSettings,
        ["GET /clinics/{clinicId}/schedule/slots"] = StaffPermission.BookAppointments,
        ["GET /clinics/{clinicId}/schedule/appointments"] = StaffPermission.ReadPatients,
        ["GET /clinics/{clinicId}/schedule/asap"] = StaffPermission.BookAppointments,
        ["POST /clinics/{clinicId}/schedule/asap"] = StaffPermission.BookAppointments,
        ["DELETE /clinics/{clinicId}/schedule/asap/{patientId}"] = StaffPermission.BookAppointments,
        ["GET /clinics/{clinicId}/patients/{patientId}/slots"] = StaffPermission.BookAppointments,
        ["GET /clinics/{clinicId}/patients/{patientId}/appointments"] = StaffPermission.ReadPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/appointments"] = StaffPermission.BookAppointments,
        ["POST /clinics/{clinicId}/patients/{patientId}/appointments/{appointmentId}/reschedule"] = StaffPermission.BookAppointments,
        ["POST /clinics/{clinicId}/patients/{patientId}/appointments/{appointmentId}/cancel"] = StaffPermission.BookAppointments,
        ["GET /clinics/{clinicId}/reports/daily"] = StaffPermission.ReadReports,
        ["GET /clinics/{clinicId}/reports/contact-due"] = StaffPermission.ReadReports,
        ["GET /clinics/{clinicId}/reports/monthly"] = StaffPermission.ReadReports,

        // Reminders: every role sees what will go and makes a reminder for a patient it works with; rules stay with ManageRecallRules.
        ["GET /clinics/{clinicId}/send-queue"] = StaffPermission.ReadPatients,
        ["GET /clinics/{clinicId}/reminders"] = StaffPermission.ReadPatients,
        ["GET /clinics/{clinicId}/patients/{patientId}/sends"] = StaffPermission.ReadPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/reminders"] = StaffPermission.ContactPatients,
        ["PATCH /clinics/{clinicId}/patients/{patientId}/sends/{sendId}"] = StaffPermission.ContactPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/sends/{sendId}/cancel"] = StaffPermission.ContactPatients,
        ["GET /clinics/{clinicId}/patients/{patientId}/portal-messages"] = StaffPermission.ReadPatients,
        ["POST /clinics/{clinicId}/patients/{patientId}/portal-messages"] = StaffPermission.ContactPatients,

        ["GET /clinics/{clinicId}/api-keys"] = StaffPermission.ManageApiKeys,
        ["POST /clinics/{clinicId}/api-keys"] = StaffPermission.ManageApiKeys,
        ["DELETE /clinics/{clinicId}/api-keys/{keyId}"] = StaffPermission.ManageApiKeys,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool Allows(this StaffRole role, StaffPermission permission) => ByRole[role].Contains(permission);

    /// <summary>The table's key for an endpoint: its method and route pattern.</summary>
    public static string KeyOf(string method, RouteEndpoint endpoint) => $"{method} {endpoint.RoutePattern.RawText?.TrimEnd('/')}";

    /// <summary>
    /// Null when the caller is not staff or their role may call this endpoint; otherwise a 403
    /// problem that says which permission is missing (the page shows it as is).
    /// </summary>
    public static ProblemHttpResult? Check(HttpContext context)
    {
        if (context.User.StaffRole() is not { } role)
        {
            return null;
        }

        var key = context.GetEndpoint() is RouteEndpoint endpoint ? KeyOf(context.Request.Method, endpoint) : "";
        if (ByEndpoint.TryGetValue(key, out var needed) && role.Allows(needed))
        {
            return null;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Your role may not do this.",
            detail: ByEndpoint.ContainsKey(key)
                ? $"This needs the '{Name(needed)}' permission, which the {role} role does not have. Ask an admin."
                : "This endpoint is for integrations, not staff sign-ins.");
    }

    /// <summary>The permissions of a role as the frontend names them (camelCase).</summary>
    public static IReadOnlyList<string> NamesFor(StaffRole role) => [.. ByRole[role].Order().Select(Name)];

    private static string Name(StaffPermission permission) => char.ToLowerInvariant(permission.ToString()[0]) + permission.ToString()[1..];

    private static FrozenSet<StaffPermission> Set(IEnumerable<StaffPermission> permissions) => permissions.ToFrozenSet();
}
