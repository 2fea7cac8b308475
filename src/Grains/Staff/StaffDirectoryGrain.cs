using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Recall.Grains.Hosting;

namespace Recall.Grains.Staff;

[Orleans.GrainType("staff")] // The stored grain type: part of the database, never renamed.
public sealed partial class StaffDirectoryGrain : Grain<StaffDirectoryState>, IStaffDirectoryGrain
{
    /// <summary>Five wrong passwords in a row lock the user out for a quarter of an hour (OWASP: slow guessing, bounded denial).</summary>
    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public Task<StaffUserView> SetUpFirstAdminAsync(NewStaffUser user)
    {
        if (State.Users.Count > 0)
        {
            throw new GrainConflictException("The clinic already has staff users: set-up is done. Sign in, or ask an admin for an account.");
        }

        if (user.Role != StaffRole.Admin)
        {
            throw GrainValidationException.For("role", "The first user is an admin.");
        }

        return AddUserAsync(user);
    }

    public Task<StaffUserView> AddUserAsync(NewStaffUser user)
    {
        var errors = new ValidationErrors();
        var userName = NormalizeUserName(user.UserName);
        CheckNameAndRole(user, errors);
        if (string.IsNullOrEmpty(user.PasswordHash))
        {
            errors.Add("password", "A password is required.");
        }

        errors.ThrowIfAny();
        if (Find(userName) >= 0)
        {
            throw new GrainConflictException($"There is already a user '{userName}'.");
        }

        var added = new StaffUser(userName, user.DisplayName.Trim(), user.Role, user.PasswordHash, NewStamp(), Time.GetUtcNow());
        State.Users.Add(added);
        return Task.FromResult(View(added));
    }

    public Task<StaffUserView> ChangeUserAsync(string userName, StaffUserChange change)
    {
        var index = Require(userName);
        var errors = new ValidationErrors();
        if (change.DisplayName is not null)
        {
            CheckDisplayName(change.DisplayName, errors);
        }

        if (change.Role is { } role)
        {
            CheckRole(role, errors);
        }

        errors.ThrowIfAny();
        var before = State.Users[index];
        var after = before with
        {
            DisplayName = change.DisplayName?.Trim() ?? before.DisplayName,
            Role = change.Role ?? before.Role,
            Disabled = change.Disabled ?? before.Disabled,
        };
        if (after.Role != before.Role || after.Disabled != before.Disabled)
        {
            after = after with { SessionStamp = NewStamp() };
        }

        State.Users[index] = after;
        if (before is { Role: StaffRole.Admin, Disabled: false } && !State.Users.Any(u => u is { Role: StaffRole.Admin, Disabled: false }))
        {
            // Nobody could manage staff or keys any more; only the admin key could repair it.
            throw new GrainConflictException("The clinic must keep at least one admin who can sign in.");
        }

        return Task.FromResult(View(after));
    }

    public Task<StaffUserView> SetPasswordAsync(string userName, string passwordHash)
    {
        var index = Require(userName);
        State.Users[index] = State.Users[index] with { PasswordHash = passwordHash, SessionStamp = NewStamp(), FailedSignIns = 0, LockedUntil = null };
        return Task.FromResult(View(State.Users[index]));
    }

    public Task<IReadOnlyList<StaffUserView>> ListUsersAsync() =>
        Task.FromResult<IReadOnlyList<StaffUserView>>([.. State.Users.OrderBy(u => u.UserName, StringComparer.Ordinal).Select(View)]);

    public Task<bool> HasUsersAsync() => Task.FromResult(State.Users.Count > 0);

    public Task<SignInCandidate?> FindForSignInAsync(string userName)
    {
        var index = Find(NormalizeUserName(userName));
        return Task.FromResult(index < 0 ? null : Candidate(State.Users[index]));
    }

    public Task<SignInCandidate> RecordSignInAsync(string userName, bool succeeded, string? rehashedPassword)
    {
        var index = Require(userName);
        var user = State.Users[index];
        var now = Time.GetUtcNow();
        if (succeeded)
        {
            user = user with { FailedSignIns = 0, LockedUntil = null, LastSignInAt = now, PasswordHash = rehashedPassword ?? user.PasswordHash };
        }
        else
        {
            var failures = user.FailedSignIns + 1;
            user = failures >= MaxFailedSignIns
                ? user with { FailedSignIns = 0, LockedUntil = now + LockoutDuration }
                : user with { FailedSignIns = failures };
        }

        State.Users[index] = user;
        return Task.FromResult(Candidate(user));
    }

    public Task<StaffSession?> GetSessionAsync(string userName)
    {
        var index = Find(NormalizeUserName(userName));
        return Task.FromResult(index < 0 || State.Users[index].Disabled
            ? null
            : new StaffSession(State.Users[index].UserName, State.Users[index].DisplayName, State.Users[index].Role, State.Users[index].SessionStamp));
    }

    private int Find(string userName) => State.Users.FindIndex(u => u.UserName == userName);

    private int Require(string userName)
    {
        var index = Find(NormalizeUserName(userName));
        return index >= 0 ? index : throw new GrainNotFoundException($"There is no staff user '{userName}'.");
    }

    private static string NormalizeUserName(string? userName) => (userName ?? "").Trim().ToLowerInvariant();

    /// <summary>The user name, display name and role of a new user (the password is checked before it is hashed).</summary>
    public static void CheckNameAndRole(NewStaffUser user, ValidationErrors errors)
    {
        if (!UserNamePattern().IsMatch(NormalizeUserName(user.UserName)))
        {
            errors.Add("userName", "The user name is 2-64 lowercase letters, digits, '.', '_', '-' or '@' (e.g. 'anna.nowak').");
        }

        CheckDisplayName(user.DisplayName, errors);
        CheckRole(user.Role, errors);
    }

    private static void CheckDisplayName(string? displayName, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 100)
        {
            errors.Add("displayName", "The name staff see is 1-100 characters (e.g. 'Anna Nowak').");
        }
    }

    private static void CheckRole(StaffRole role, ValidationErrors errors)
    {
        if (!Enum.IsDefined(role))
        {
            errors.Add("role", $"The role is one of {string.Join(", ", Enum.GetNames<StaffRole>())}.");
        }
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static StaffUserView View(StaffUser u) => new(u.UserName, u.DisplayName, u.Role, u.Disabled, u.CreatedAt, u.LastSignInAt, u.LockedUntil);

    private static SignInCandidate Candidate(StaffUser u) => new(u.UserName, u.DisplayName, u.Role, u.PasswordHash, u.SessionStamp, u.Disabled, u.LockedUntil);

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{1,63}$")]
    private static partial Regex UserNamePattern();
}
