using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Recall.Api.Security;
using Recall.Grains.Hosting;
using Recall.Grains.Staff;

namespace Recall.Api.Staff;

/// <summary>A clinic's staff users and roles, managed by its admins (or the admin key); integration keys may not.</summary>
public static class StaffUsersApi
{
    public static IEndpointRouteBuilder MapStaffUsersApi(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/clinics/{clinicId}/staff")
            .RequireAuthorization(StaffAuthentication.AdminKeyOrStaffPolicy).RequireClinicAccess().WithTags("Staff");
        staff.MapGet("", ListUsers);
        staff.MapPost("", AddUser);
        staff.MapPut("/{userName}", ChangeUser);
        staff.MapPut("/{userName}/password", SetPassword);
        return routes;
    }

    public static async Task<Ok<IReadOnlyList<StaffUserView>>> ListUsers(string clinicId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IStaffDirectoryGrain>(clinicId).ListUsersAsync());

    public static async Task<Results<Created<StaffUserView>, ValidationProblem>> AddUser(string clinicId, NewStaffUserRequest request, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (request.Role is null)
        {
            errors.Add("role", $"The role is one of {string.Join(", ", Enum.GetNames<StaffRole>().Select(Camel))}.");
        }

        StaffPasswords.Check(request.Password, request.UserName, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var user = await grains.GetGrain<IStaffDirectoryGrain>(clinicId)
            .AddUserAsync(new NewStaffUser(request.UserName ?? "", request.DisplayName ?? "", request.Role!.Value, StaffPasswords.Hash(request.Password!)));
        return TypedResults.Created($"/clinics/{clinicId}/staff/{user.UserName}", user);
    }

    /// <summary>Changes a name, a role or access; a changed role or access ends the user's sessions at once.</summary>
    public static async Task<Ok<StaffUserView>> ChangeUser(string clinicId, string userName, StaffUserChange change, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IStaffDirectoryGrain>(clinicId).ChangeUserAsync(userName, change));

    /// <summary>Sets a new password (an admin resetting a forgotten one); the user's sessions end and a lockout is lifted.</summary>
    public static async Task<Results<Ok<StaffUserView>, ValidationProblem>> SetPassword(
        string clinicId, string userName, PasswordRequest request, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        StaffPasswords.Check(request.Password, userName, errors);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await grains.GetGrain<IStaffDirectoryGrain>(clinicId).SetPasswordAsync(userName, StaffPasswords.Hash(request.Password!)));
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

public sealed record NewStaffUserRequest(string? UserName, string? DisplayName, StaffRole? Role, string? Password);

public sealed record PasswordRequest(string? Password);
