using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;

namespace Recall.Api.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer {key}</c> (or <c>X-Api-Key</c>): the admin key gets the
/// admin role; a clinic's key gets that clinic's claim and nothing else.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiOptions> api,
    ApiKeyOwners owners,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ClinicClaim = "clinic";
    public const string AdminRole = "admin";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken() is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        if (ApiKeys.FixedTimeEquals(token, api.Value.AdminKey))
        {
            return Success(new Claim(ClaimTypes.Role, AdminRole), new Claim(ClaimTypes.Name, "admin"));
        }

        // The clinic grain has the key's current state: a revocation holds at once, on every silo.
        if (!ApiKeys.TryParse(token, out var keyId, out var secret)
            || await owners.ClinicOfAsync(keyId, Context.RequestAborted) is not { } clinicId
            || await grains.GetGrain<IClinicGrain>(clinicId).FindApiKeyAsync(keyId) is not { Revoked: false } key
            || !ApiKeys.FixedTimeEquals(ApiKeys.Hash(secret), key.SecretHash))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        return Success(new Claim(ClinicClaim, key.ClinicId), new Claim(ClaimTypes.Name, $"key:{keyId}"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Pages an operator opens in a browser (the Orleans Dashboard) ask for the admin key through the browser's own prompt.
        Response.Headers.WWWAuthenticate = Context.GetEndpoint()?.Metadata.GetMetadata<BasicChallengeMetadata>() is not null
            ? "Basic realm=\"Recall operators\", charset=\"UTF-8\""
            : "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "An API key is required.",
            detail: "Send the clinic's API key as 'Authorization: Bearer rk_...' (or the X-Api-Key header).").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This API key may not do that.",
            detail: "Only the admin key can do this.").ExecuteAsync(Context);

    private string? ReadToken()
    {
        string header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return BasicPassword(header["Basic ".Length..].Trim());
        }

        var apiKey = Request.Headers["X-Api-Key"].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }

    /// <summary>The password of a Basic credential (the user name is ignored: the key alone says who it is).</summary>
    private static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 && colon < decoded.Length - 1 ? decoded[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}

/// <summary>An endpoint a person opens in a browser with the admin key: its 401 asks for Basic credentials (the key as the password).</summary>
public sealed class BasicChallengeMetadata;
