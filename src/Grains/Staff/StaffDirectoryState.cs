namespace Recall.Grains.Staff;

/// <summary>
/// The persisted staff of one clinic. Stored as JSON: never rename or reuse a property; add new
/// ones with defaults so that documents written by earlier versions still read.
/// </summary>
public sealed class StaffDirectoryState
{
    public List<StaffUser> Users { get; set; } = [];
}

/// <summary>
/// A staff user. <see cref="SessionStamp"/> is copied into each session cookie and changes when the
/// role, access or password changes, so such a change ends every session of the user at once.
/// </summary>
public sealed record StaffUser(
    string UserName,
    string DisplayName,
    StaffRole Role,
    string PasswordHash,
    string SessionStamp,
    DateTimeOffset CreatedAt,
    bool Disabled = false,
    int FailedSignIns = 0,
    DateTimeOffset? LockedUntil = null,
    DateTimeOffset? LastSignInAt = null);
