using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Staff;

namespace Recall.Api.Tests.Staff;

public sealed class StaffPermissionsTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    /// <summary>Clinic endpoints deliberately closed to staff sign-ins (integrations only). Empty today.</summary>
    private static readonly string[] IntegrationOnly = [];

    [Fact]
    public void PolicyTable_NamesEveryClinicEndpoint()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/clinics/{clinicId}", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => StaffPermissions.KeyOf(m, e)))
            .ToList();

        Assert.NotEmpty(endpoints);
        var missing = endpoints.Where(e => !StaffPermissions.ByEndpoint.ContainsKey(e) && !IntegrationOnly.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "Decide in StaffPermissions.ByEndpoint which staff permission these need: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task FrontDesk_ReadsPatients_ButNotSettingsStaffOrKeys_403()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "desk", "frontDesk");
        using var desk = await factory.SignInAsync(clinicId, "desk");

        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/clinics/{clinicId}/patients")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"/clinics/{clinicId}")).StatusCode);
        var settings = await desk.PutAsJsonAsync($"/clinics/{clinicId}/settings", new { name = "Mine now", timeZone = "Europe/Warsaw", languages = new[] { "pl" } });
        var problem = await settings.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("manageSettings", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await desk.GetAsync($"/clinics/{clinicId}/staff")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await desk.GetAsync($"/clinics/{clinicId}/api-keys")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task StaffActions_AreRecordedInTheSignedInName_NotTheRequestsBy()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak", phone = "+48601000001" })).EnsureSuccessStatusCode();
        await factory.AddStaffAsync(clinicId, "desk", "frontDesk");
        using var desk = await factory.SignInAsync(clinicId, "desk");

        var call = await desk.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/calls", new { outcome = "noAnswer", by = "Dr Someone Else" });
        call.EnsureSuccessStatusCode();
        var logged = (await call.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).EnumerateArray().Last();
        Assert.Equal("desk Name (desk)", logged.GetProperty("by").GetString());

        // An integration key acts for the practice system's user it names.
        var byKey = await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/p1/calls", new { outcome = "reached", by = "reception (PMS)" });
        Assert.Equal("reception (PMS)", (await byKey.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).EnumerateArray().Last().GetProperty("by").GetString());
    }

    [Fact]
    public async Task Admin_ManagesKeysAndStaff()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "boss", "admin");
        using var boss = await factory.SignInAsync(clinicId, "boss");

        var key = await boss.PostAsJsonAsync($"/clinics/{clinicId}/api-keys", new { name = "practice system" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var user = await boss.PostAsJsonAsync($"/clinics/{clinicId}/staff", new { userName = "hyg", displayName = "Hygienist", role = "hygienist", password = StaffSessions.Password });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
    }

    [Fact]
    public async Task OtherClinicsStaff_404()
    {
        var (clinicA, _) = await factory.CreateClinicAsync();
        var (clinicB, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicA, "boss", "admin");
        using var boss = await factory.SignInAsync(clinicA, "boss");

        await (await boss.GetAsync($"/clinics/{clinicB}/patients")).ProblemAsync(HttpStatusCode.NotFound);
        await (await boss.GetAsync($"/clinics/{clinicB}/staff")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CookieSession_ChangeWithoutCsrfToken_403_WithToken_Works()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "desk", "frontDesk");
        using var desk = await factory.SignInAsync(clinicId, "desk");
        var patient = new { id = "p1", firstName = "Anna", lastName = "Nowak" };

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/clinics/{clinicId}/patients") { Content = JsonContent.Create(patient) };
        var token = desk.DefaultRequestHeaders.GetValues("X-CSRF-TOKEN").Single();
        desk.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        await (await desk.SendAsync(request)).ProblemAsync(HttpStatusCode.Forbidden);

        desk.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        Assert.Equal(HttpStatusCode.Created, (await desk.PostAsJsonAsync($"/clinics/{clinicId}/patients", patient)).StatusCode);
    }

    [Fact]
    public async Task IntegrationKey_StillWorksWithoutCsrf_ButMayNotManageStaff()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak" })).StatusCode);
        await (await client.GetAsync($"/clinics/{clinicId}/staff")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/clinics/{clinicId}/api-keys")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NoCredentials_401_WithBearerChallenge_AsBefore()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        using var anonymous = factory.CreateClient();

        var response = await anonymous.GetAsync($"/clinics/{clinicId}/patients");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }
}
