using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Recall.Benchmarks;

/// <summary>The API as an integrator uses it: clinics, keys, CSV import. Set-up steps of the HTTP scenarios.</summary>
internal static class RecallClient
{
    public static HttpClient Create(Uri address, int connections, string key) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromMinutes(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
    };

    /// <summary>Creates a clinic with a hygiene recall (D1110/D1120 every 6 months); returns a client with the clinic's own API key.</summary>
    public static async Task<HttpClient> CreateClinicAsync(Uri address, string clinicId, int connections)
    {
        using var admin = Create(address, 2, BenchSilo.AdminKey);
        using (var created = await admin.PostAsJsonAsync("/clinics", new
        {
            id = clinicId,
            name = "Bench Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl", "en" },
            recallRules = new[] { new { type = "hygiene", name = "Hygiene recall", serviceCodes = new[] { "D1110", "D1120" }, intervalMonths = 6, extraDays = 1 } },
        }))
        {
            await EnsureAsync(created);
        }

        using var key = await admin.PostAsJsonAsync($"/clinics/{clinicId}/api-keys", new { name = "practice system" });
        await EnsureAsync(key);
        using var document = JsonDocument.Parse(await key.Content.ReadAsStringAsync());
        return Create(address, connections, document.RootElement.GetProperty("apiKey").GetString()!);
    }

    /// <summary>
    /// A CSV of patients p0..p{count-1}: a phone, an email and a hygiene visit in the last five months,
    /// so every row computes a due date in the future and registers its reminder.
    /// </summary>
    public static string WriteCsv(int count)
    {
        var path = Path.Combine(BenchDatabase.Directory, $"patients-{count}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(BenchDatabase.Directory);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string[] first = ["Anna", "Jan", "Ewa", "Piotr", "Maria", "Tomasz", "Olga", "Lars", "Greta", "Jonas"];
        string[] last = ["Nowak", "Kowalski", "Wójcik", "Zieliński", "Andersson", "Schmidt", "Berg", "Lewandowska"];
        using (var writer = new StreamWriter(path + ".tmp", false, new UTF8Encoding(false), 1 << 20))
        {
            writer.WriteLine("id,firstName,lastName,phone,email,language,lastVisitDate,lastVisitServiceCodes");
            for (var i = 0; i < count; i++)
            {
                var visit = today.AddDays(-(1 + (i % 150)));
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"p{i},{first[i % first.Length]},{last[(i / 10) % last.Length]},+4860{i % 10_000_000:0000000},p{i}@example.com,{(i % 3 == 0 ? "en" : "pl")},{visit:yyyy-MM-dd},D1110\n"));
            }
        }

        File.Move(path + ".tmp", path);
        return path;
    }

    public static async Task<JsonElement> ImportAsync(HttpClient client, string clinicId, string csvPath)
    {
        await using var file = File.OpenRead(csvPath);
        using var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync($"/clinics/{clinicId}/patients/import", content);
        await EnsureAsync(response);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
