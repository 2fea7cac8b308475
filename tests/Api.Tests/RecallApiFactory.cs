using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Recall.Api.Tests;

/// <summary>
/// The whole silo process (Program) in memory, on its own SQLite file and the manual clock. Tests
/// share one per class; each test makes its own clinic, so tests never depend on each other's data.
/// <see cref="PostgresApiFactory"/> runs the same process on PostgreSQL.
/// </summary>
public class RecallApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "recall-tests", $"api-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Api:AdminKey", AdminKey);
        ConfigureStorage(builder);
        builder.UseSetting("Clock:Mode", "Manual");
        builder.UseSetting("Orleans:SiloPort", "0"); // A free port: many silos run side by side in the test run.
        builder.UseSetting("Clock:Start", Start.ToString("o"));
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    protected virtual void ConfigureStorage(IWebHostBuilder builder) => builder.UseSetting("Storage:Sqlite:Path", DatabasePath);

    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a clinic (Europe/Warsaw, hygiene every 6 months + 1 day) and returns a client with its own API key.</summary>
    public async Task<(string ClinicId, HttpClient Client)> CreateClinicAsync(string? id = null)
    {
        var (clinicId, token) = await CreateClinicWithKeyAsync(id);
        return (clinicId, WithKey(token));
    }

    /// <summary>A new clinic and its API key's token.</summary>
    public async Task<(string ClinicId, string Token)> CreateClinicWithKeyAsync(string? id = null)
    {
        id ??= "c-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = Admin();
        var created = await admin.PostAsJsonAsync("/clinics", new
        {
            id,
            name = "Smile Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl", "en" },
            recallRules = new[] { new { type = "hygiene", name = "Hygiene recall", serviceCodes = new[] { "D1110" }, intervalMonths = 6, extraDays = 1 } },
        });
        created.EnsureSuccessStatusCode();
        var key = await admin.PostAsJsonAsync($"/clinics/{id}/api-keys", new { name = "practice system" });
        key.EnsureSuccessStatusCode();
        var token = (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        return (id, token);
    }
}

/// <summary>Reading problem details the way an integrator would.</summary>
public static class ProblemAssertions
{
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The fields a validation problem names, sorted.</summary>
    public static string[] Fields(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
