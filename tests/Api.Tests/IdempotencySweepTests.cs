using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Recall.Api.Tests;

/// <summary>
/// Every operation the OpenAPI document says takes an <c>Idempotency-Key</c> is sent twice with
/// one key: the second gets the first's answer, and the patient's records show one effect. A route
/// that gains the header must gain an example here, or the sweep fails.
/// </summary>
public abstract class IdempotencySweepTests(RecallApiFactory factory)
{
    private static readonly object Setup = new
    {
        visitTypes = new[] { new { id = "hygiene-60", name = "Hygiene visit", durationMinutes = 60, resourceKinds = new[] { "chair" }, recallType = "hygiene" } },
        resources = new[] { new { id = "chair-1", name = "Chair 1", kind = "chair", hours = new[] { new { day = "monday", from = "08:00", to = "16:00" } } } },
    };

    /// <summary>Each route's request, made against a patient of its own (its appointment or task made first where it needs one).</summary>
    private static readonly Dictionary<string, Func<Patient, Task<(string Path, object? Body)>>> Examples = new()
    {
        ["POST /clinics/{clinicId}/patients"] = p => Done(p.Clinic("/patients"), new { id = p.Id + "-new", firstName = "Ewa", lastName = "Lis", phone = "+48601000009" }),
        ["PUT /clinics/{clinicId}/patients/{patientId}"] = p => Done(p.Path(""), new { firstName = "Anna", lastName = "Kowalska", phone = "+48601000001", language = "pl" }),
        ["POST /clinics/{clinicId}/patients/{patientId}/visits"] = p => Done(p.Path("/visits"), new { date = "2026-11-20", serviceCodes = new[] { "D1110" } }),
        ["PUT /clinics/{clinicId}/patients/{patientId}/recalls/{recallType}/due-date"] = p => Done(p.Path("/recalls/hygiene/due-date"), new { dueDate = "2026-12-01" }),
        ["POST /clinics/{clinicId}/patients/{patientId}/calls"] = p => Done(p.Path("/calls"), new { outcome = "noAnswer", note = "n" }),
        ["POST /clinics/{clinicId}/patients/{patientId}/messages/handled"] = p => Done(p.Path("/messages/handled"), null),
        ["POST /clinics/{clinicId}/patients/{patientId}/messages/reply"] = p => Done(p.Path("/messages/reply"), new { text = "Please call us to book." }),
        ["PUT /clinics/{clinicId}/patients/{patientId}/insurance"] = p => Done(p.Path("/insurance"), new { insurer = "NFZ", plan = "Basic", memberId = "M-1", validFrom = "2026-01-01", validTo = "2026-12-31" }),
        ["PUT /clinics/{clinicId}/patients/{patientId}/visit-preferences"] = p => Done(p.Path("/visit-preferences"), new { days = new[] { "monday" } }),
        ["POST /clinics/{clinicId}/patients/{patientId}/appointments"] = async p => (p.Path("/appointments"), new { visitTypeId = "hygiene-60", start = await p.FreeSlotAsync(0) }),
        ["POST /clinics/{clinicId}/patients/{patientId}/appointments/{appointmentId}/reschedule"] = async p =>
            ($"{p.Path("/appointments")}/{await p.BookAsync()}/reschedule", new { start = await p.FreeSlotAsync(1) }),
        ["POST /clinics/{clinicId}/patients/{patientId}/appointments/{appointmentId}/cancel"] = async p =>
            ($"{p.Path("/appointments")}/{await p.BookAsync()}/cancel", new { reason = "ill" }),
        ["POST /clinics/{clinicId}/patients/{patientId}/tasks/{taskId}/claim"] = async p => ($"{p.Path("/tasks")}/{await p.TaskAsync()}/claim", new { by = "Kasia" }),
        ["POST /clinics/{clinicId}/patients/{patientId}/tasks/{taskId}/snooze"] = async p => ($"{p.Path("/tasks")}/{await p.TaskAsync()}/snooze", new { hours = 2 }),
        ["POST /clinics/{clinicId}/patients/{patientId}/portal-messages"] = p => Done(p.Path("/portal-messages"), new { text = "Your results are fine." }),
        ["POST /clinics/{clinicId}/patients/{patientId}/reminders"] = p => Done(p.Path("/reminders"), new { at = new[] { "2026-11-30T09:00:00Z" }, channels = new[] { "sms" }, text = "See you soon." }),
        ["PATCH /clinics/{clinicId}/patients/{patientId}/sends/{sendId}"] = async p => ($"{p.Path("/sends")}/{await p.ReminderAsync()}", new { text = "See you on Monday." }),
        ["POST /clinics/{clinicId}/patients/{patientId}/sends/{sendId}/cancel"] = async p => ($"{p.Path("/sends")}/{await p.ReminderAsync()}/cancel", null),
        ["POST /clinics/{clinicId}/patients/{patientId}/tasks/{taskId}/complete"] = async p => ($"{p.Path("/tasks")}/{await p.TaskAsync()}/complete", new { outcome = "noAnswer", note = "rang twice" }),
    };

    [Fact]
    public async Task EveryRouteThatTakesAnIdempotencyKey_SentTwice_AnswersTheSame_AndTakesEffectOnce()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/schedule/setup", Setup)).EnsureSuccessStatusCode();
        var routes = await IdempotentRoutesAsync(client);
        Assert.Equal(routes.Order(StringComparer.Ordinal), Examples.Keys.Order(StringComparer.Ordinal));

        var index = 0;
        foreach (var route in routes)
        {
            var patient = await Patient.CreateAsync(client, clinicId, $"p{index++:D2}");
            var (path, body) = await Examples[route](patient);
            var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);

            var first = await SendAsync(client, method, path, body, key: route);
            await AllSentAsync();
            var afterFirst = await patient.SnapshotAsync();
            var second = await SendAsync(client, method, path, body, key: route);
            await AllSentAsync();
            var afterSecond = await patient.SnapshotAsync();

            Assert.True(first.Status < 300, $"{route}: the first request answered {first.Status} {first.Body}");
            Assert.Equal((route, first.Status, first.Body), (route, second.Status, second.Body));
            foreach (var (part, shown) in afterFirst)
            {
                Assert.True(shown == afterSecond[part], $"{route}: its second request changed {part}.\nAfter the first:  {shown}\nAfter the second: {afterSecond[part]}");
            }
        }
    }

    private Task AllSentAsync() => factory.Services.GetRequiredService<Recall.Silo.Storage.IOutboxStore>().WaitUntilSentAsync();

    /// <summary>"METHOD /path" of every operation whose parameters include the Idempotency-Key header.</summary>
    private static async Task<List<string>> IdempotentRoutesAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var routes = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("parameters", out _)))
            {
                if (operation.Value.GetProperty("parameters").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header"))
                {
                    routes.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        return routes;
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string key)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<(string, object?)> Done(string path, object? body) => Task.FromResult<(string, object?)>((path, body));

    /// <summary>A patient with a hygiene recall not yet due (nothing fires while the sweep looks), whose records the sweep compares.</summary>
    private sealed record Patient(HttpClient Client, string ClinicId, string Id)
    {
        public static async Task<Patient> CreateAsync(HttpClient client, string clinicId, string id)
        {
            (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id, firstName = "Anna", lastName = "Nowak", phone = "+48601000001", language = "pl" })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/{id}/visits", new { date = "2026-10-01", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
            return new Patient(client, clinicId, id);
        }

        public string Clinic(string path) => $"/clinics/{ClinicId}{path}";

        public string Path(string path) => Clinic($"/patients/{Id}{path}");

        /// <summary>The n-th free hygiene slot on the next Monday (each patient books its own day's slots, so none collide).</summary>
        public async Task<string> FreeSlotAsync(int n)
        {
            var slots = await Client.GetFromJsonAsync<JsonElement>(Clinic("/schedule/slots?visitType=hygiene-60&from=2026-11-23&days=7"));
            return slots[n].GetProperty("start").GetString()!;
        }

        public async Task<string> BookAsync()
        {
            var booked = await Client.PostAsJsonAsync(Path("/appointments"), new { visitTypeId = "hygiene-60", start = await FreeSlotAsync(0) });
            booked.EnsureSuccessStatusCode();
            return (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        /// <summary>A task of the patient's: a cancelled recall visit asks the front desk to rebook.</summary>
        public async Task<string> TaskAsync()
        {
            var appointment = await BookAsync();
            (await Client.PostAsJsonAsync($"{Path("/appointments")}/{appointment}/cancel", new { reason = "ill" })).EnsureSuccessStatusCode();
            var tasks = await Client.GetFromJsonAsync<JsonElement>(Path("/tasks"));
            return tasks[0].GetProperty("id").GetString()!;
        }

        /// <summary>A manual reminder's one send, still waiting: its id.</summary>
        public async Task<string> ReminderAsync()
        {
            var made = await Client.PostAsJsonAsync(Path("/reminders"), new { at = new[] { "2026-11-30T09:00:00Z" }, channels = new[] { "sms" }, text = "See you soon." });
            made.EnsureSuccessStatusCode();
            return (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sends")[0].GetProperty("id").GetString()!;
        }

        /// <summary>Everything a command can change about the patient, as the API shows it.</summary>
        public async Task<Dictionary<string, string>> SnapshotAsync()
        {
            var parts = new Dictionary<string, string>();
            foreach (var path in new[] { "", "/recalls", "/messages", "/appointments", "/tasks", "/plan", "/sends", "/portal-messages" }.Select(Path)
                .Append(Clinic("/schedule/appointments?from=2026-11-23")).Append(Clinic("/patients")))
            {
                parts[path] = await Client.GetStringAsync(path);
            }

            return parts;
        }
    }
}

public sealed class SqliteIdempotencySweepTests(RecallApiFactory factory) : IdempotencySweepTests(factory), IClassFixture<RecallApiFactory>;

public sealed class PostgresIdempotencySweepTests(PostgresApiFactory factory) : IdempotencySweepTests(factory), IClassFixture<PostgresApiFactory>;
