namespace Recall.Grains.Staff;

/// <summary>
/// What a staff member does at the clinic. What each role may do is decided in one place, the
/// API's permission table (src/Api/Staff/StaffPermissions.cs), not here: the domain only stores it.
/// </summary>
public enum StaffRole
{
    FrontDesk,
    Hygienist,
    LeadDentist,
    OfficeManager,
    Admin,
}
