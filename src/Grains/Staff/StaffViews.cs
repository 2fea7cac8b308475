using Orleans;

namespace Recall.Grains.Staff;

/// <summary>A user to add: the password arrives already hashed.</summary>
[GenerateSerializer, Immutable]
public sealed record NewStaffUser(string UserName, string DisplayName, StaffRole Role, string PasswordHash);

/// <summary>What to change about a user; null leaves a field as it is.</summary>
[GenerateSerializer, Immutable]
public sealed record StaffUserChange(string? DisplayName = null, StaffRole? Role = null, bool? Disabled = null);

/// <summary>A user as listed: never with the password hash.</summary>
[GenerateSerializer, Immutable]
public sealed record StaffUserView(
    string UserName,
    string DisplayName,
    StaffRole Role,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset? LockedUntil);

/// <summary>What the API needs to check a password and decide whether the user may sign in now.</summary>
[GenerateSerializer, Immutable]
public sealed record SignInCandidate(
    string UserName,
    string DisplayName,
    StaffRole Role,
    string PasswordHash,
    string SessionStamp,
    bool Disabled,
    DateTimeOffset? LockedUntil);

/// <summary>A signed-in user's current role and stamp, to check a session cookie against.</summary>
[GenerateSerializer, Immutable]
public sealed record StaffSession(string UserName, string DisplayName, StaffRole Role, string SessionStamp);
