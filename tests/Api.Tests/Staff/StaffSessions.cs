using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests.Staff;

/// <summary>A browser's view of the API: a cookie session and the CSRF token it must send with every change.</summary>
public static class StaffSessions
{
    public const string Password = "correct horse battery staple";

    /// <summary>Adds a staff user through the admin key.</summary>
    public static async Task AddStaffAsync(this RecallApiFactory factory, string clinicId, string userName, string role, string password = Password)
    {
        using var admin = factory.Admin();
        var response = await admin.PostAsJsonAsync($"/clinics/{clinicId}/staff", new { userName, displayName = userName + " Name", role, password });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A client with the cookies of a signed-in staff member and X-CSRF-TOKEN set.</summary>
    public static async Task<HttpClient> SignInAsync(this RecallApiFactory factory, string clinicId, string userName, string password = Password)
    {
        var client = factory.CreateClient();
        var response = await client.SignInAsync(clinicId, userName, password);
        response.EnsureSuccessStatusCode();
        client.UseCsrfToken(await response.Content.ReadFromJsonAsync<JsonElement>());
        return client;
    }

    /// <summary>Reads a fresh CSRF token (GET /staff/session) and posts the sign-in with it.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string clinicId, string userName, string password)
    {
        client.UseCsrfToken(await client.GetFromJsonAsync<JsonElement>("/staff/session"));
        return await client.PostAsJsonAsync("/staff/sign-in", new { clinicId, userName, password });
    }

    public static void UseCsrfToken(this HttpClient client, JsonElement session)
    {
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", session.GetProperty("csrfToken").GetString());
    }
}
