using Recall.Grains.Hosting;

namespace Recall.Grains.Staff;

/// <summary>
/// A clinic's staff users: who may sign in, with which role, and the lockout after repeated bad
/// passwords. Key: the clinic id. Passwords never reach the grain: the API hashes them
/// (ASP.NET Core Identity's PasswordHasher) and verifies them against the hash kept here.
/// </summary>
public interface IStaffDirectoryGrain : IGrain
{
    /// <summary>Adds the clinic's first user, an admin; a conflict once the clinic has any user.</summary>
    Task<StaffUserView> SetUpFirstAdminAsync(NewStaffUser user);

    /// <summary>Adds a user; a conflict if the user name is taken.</summary>
    Task<StaffUserView> AddUserAsync(NewStaffUser user);

    /// <summary>Changes a user's name, role or whether they may sign in; their sessions end if role or access changed.</summary>
    Task<StaffUserView> ChangeUserAsync(string userName, StaffUserChange change);

    /// <summary>Sets a new password hash; the user's other sessions end and any lockout is lifted.</summary>
    Task<StaffUserView> SetPasswordAsync(string userName, string passwordHash);

    /// <summary>Every user, without password hashes.</summary>
    Task<IReadOnlyList<StaffUserView>> ListUsersAsync();

    /// <summary>True once the clinic has any staff user (the one-time set-up is then closed).</summary>
    Task<bool> HasUsersAsync();

    /// <summary>What signing in needs to check a password: the hash, and whether the user may sign in now.</summary>
    Task<SignInCandidate?> FindForSignInAsync(string userName);

    /// <summary>Records a sign-in attempt: a success resets the failures, repeated failures lock the user out for a while.</summary>
    Task<SignInCandidate> RecordSignInAsync(string userName, bool succeeded, string? rehashedPassword);

    /// <summary>The user's current role and session stamp, or null if they may no longer sign in.</summary>
    Task<StaffSession?> GetSessionAsync(string userName);
}
