using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FSharp.Core;
using Recall.Api.Admin;
using Recall.Api.Tests.OpenApiProperties;
using Recall.Api.Tests.Staff;
using Xunit.Abstractions;

namespace Recall.Api.Tests;

/// <summary>
/// A test that cannot be tuned around (issue #16): requests generated from the live OpenAPI document, for every
/// route it lists, valid, mutated and hostile. Whatever comes in, the API never answers 5xx, and a 4xx changes
/// nothing stored. Each run draws a new seed; a failure prints it, and RECALL_PROPERTY_SEED replays the run.
/// </summary>
public abstract class OpenApiPropertyTests(RecallApiFactory factory, ITestOutputHelper output)
{
    /// <summary>
    /// Requests per route: about 60 routes, so some 1,200 requests, each between two reads of the whole database
    /// (about 15 s on SQLite, 45 s on PostgreSQL on a 2-core machine). RECALL_PROPERTY_CASES asks for more, to hunt.
    /// </summary>
    private static readonly int CasesPerRoute = Environment.GetEnvironmentVariable("RECALL_PROPERTY_CASES") is { Length: > 0 } cases
        ? int.Parse(cases, CultureInfo.InvariantCulture)
        : 20;

    private readonly StoredState stored = new(factory);

    /// <summary>How many answers of each status each route got, by flavour: printed, so a generator that never gets past validation shows.</summary>
    private readonly SortedDictionary<string, int> answers = new(StringComparer.Ordinal);

    [Fact]
    public async Task EveryRoute_GeneratedRequests_NeverAnswer5xx_AndA4xxChangesNothing()
    {
        var seed = Environment.GetEnvironmentVariable("RECALL_PROPERTY_SEED") is { Length: > 0 } given
            ? ulong.Parse(given, CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64();
        using var admin = factory.Admin();
        var clinic = await ClinicWithRecordsAsync(admin);
        var (_, other) = await factory.CreateClinicAsync("c-other");
        using var otherClinic = other;
        using var ownClinic = factory.WithKey(clinic.Token);
        await factory.AddStaffAsync(clinic.ClinicId, "kasia", "frontDesk");
        using var staff = await factory.SignInAsync(clinic.ClinicId, "kasia");
        using var anonymous = factory.CreateClient();
        anonymous.UseCsrfToken(await anonymous.GetFromJsonAsync<JsonElement>("/staff/session")); // So sign-in and set-up get past CSRF to their own checks.
        var callers = new Dictionary<Caller, HttpClient>
        {
            [Caller.Admin] = admin, [Caller.ClinicKey] = ownClinic, [Caller.Staff] = staff, [Caller.OtherClinicKey] = otherClinic, [Caller.Anonymous] = anonymous,
        };
        var (operations, document) = await OpenApiOperations.ReadAsync(admin);
        operations = [.. operations.OrderBy(ReplacesClinicWide)];
        var known = new KnownValues(document, clinic);
        var cases = new RequestCases(new ValidValues(document, known), known);
        var failures = new List<string>();
        var timer = Stopwatch.StartNew();

        // FsCheck checks synchronously; on a thread-pool thread the property may wait for each request.
        await Task.Run(() =>
        {
            for (var i = 0; i < operations.Count; i++)
            {
                var property = Prop.ForAll(Arb.From(cases.For(operations[i])), (RequestCase request) => SendAndCheckAsync(callers[request.Caller], request).GetAwaiter().GetResult());
                var config = Config.QuickThrowOnFailure.WithMaxTest(CasesPerRoute).WithQuietOnSuccess(true)
                    .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed + (ulong)i), FSharpOption<int>.None)));
                try
                {
                    Check.One(config, property);
                }
                catch (Exception failure)
                {
                    failures.Add($"{operations[i]}: {failure.Message}");
                }
            }
        });

        foreach (var (answer, count) in answers)
        {
            output.WriteLine($"{count,5} {answer}");
        }

        output.WriteLine($"{operations.Count} routes, {operations.Count * CasesPerRoute} requests in {timer.Elapsed.TotalSeconds:F1} s, seed {seed}.");
        Assert.True(failures.Count == 0, $"Replay with RECALL_PROPERTY_SEED={seed}.\n\n{string.Join("\n\n", failures)}");
    }

    /// <summary>
    /// Routes whose valid requests replace what the other routes' requests rely on (the recall rules, the schedule,
    /// the clinic's settings, the time) go last, so the others run against the clinic as it was set up.
    /// </summary>
    private static bool ReplacesClinicWide(Operation operation) =>
        (operation.Method == "PUT" && !operation.Template.Contains("{patientId}", StringComparison.Ordinal)) || operation.Template == "/admin/clock/advance";

    /// <summary>Sends one request: never a 5xx, and a 4xx leaves every stored row as it was.</summary>
    private async Task<bool> SendAndCheckAsync(HttpClient client, RequestCase request)
    {
        await SettleAsync();
        var before = await stored.ReadAsync();
        using var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }

        if (request.IdempotencyKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        var tally = $"{request.Operation} {request.Flavour} {status}";
        answers[tally] = answers.GetValueOrDefault(tally) + 1;
        if (status >= 500)
        {
            throw new InvalidOperationException($"answered {status}: {Shorten(answer)}\n{request}");
        }

        if (status >= 400)
        {
            var changed = StoredState.Difference(before, await stored.ReadAsync(), MayChangeOn4xx(request, status));
            if (changed.Length > 0)
            {
                throw new InvalidOperationException($"answered {status} but changed stored rows:\n{changed}\n{Shorten(answer)}\n{request}");
            }
        }

        return true;
    }

    /// <summary>
    /// The one 4xx that changes state by design: a refused sign-in of a clinic's user. A wrong password (401) counts
    /// toward the user's lockout, in the clinic's staff directory grain (<c>staff</c>), and a refusal (401, or 429
    /// while locked) is in the audit log.
    /// </summary>
    private static Func<string, string, bool> MayChangeOn4xx(RequestCase request, int status) =>
        request.Operation.ToString() == "POST /staff/sign-in" && status is 401 or 429
            ? (table, row) => (table == "grain_state" && row.StartsWith("staff | ", StringComparison.Ordinal))
                || (table == "audit_log" && row.Contains("sign-in refused", StringComparison.Ordinal))
            : (_, _) => false;

    /// <summary>
    /// Waits until no message or reminder is due: the dispatcher sends what an earlier request queued, and the
    /// reminder service runs what it made due (a due date set in the past), each changing rows that must not be
    /// taken for the next request's doing. (The manual clock does not move by itself, so nothing else falls due.)
    /// </summary>
    private async Task SettleAsync()
    {
        var clock = factory.Services.GetRequiredService<IClockControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await stored.CountDueWorkAsync(clock.Now) > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>
    /// A clinic with a schedule, two patients with a hygiene visit, a booked appointment, an open task, a spare API
    /// key and free slots: real ids and times for generated requests.
    /// </summary>
    private async Task<ClinicRecords> ClinicWithRecordsAsync(HttpClient admin)
    {
        var (clinicId, token) = await factory.CreateClinicWithKeyAsync("c-props");
        var clinic = $"/clinics/{clinicId}";
        (await admin.PutAsJsonAsync($"{clinic}/schedule/setup", new
        {
            visitTypes = new[] { new { id = "hygiene-60", name = "Hygiene visit", durationMinutes = 60, resourceKinds = new[] { "chair" }, recallType = "hygiene" } },
            resources = new[] { new { id = "chair-1", name = "Chair 1", kind = "chair", hours = new[] { new { day = "monday", from = "08:00", to = "16:00" } } } },
        })).EnsureSuccessStatusCode();
        string[] patients = ["p1", "p2"];
        foreach (var id in patients)
        {
            (await admin.PostAsJsonAsync($"{clinic}/patients", new { id, firstName = "Anna", lastName = "Nowak", phone = "+48601000001", language = "pl" })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"{clinic}/patients/{id}/visits", new { date = "2026-10-01", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        }

        var slots = await admin.GetFromJsonAsync<JsonElement>($"{clinic}/schedule/slots?visitType=hygiene-60&from=2026-11-23&days=7");
        var appointment = await BookAsync(admin, $"{clinic}/patients/p1/appointments", slots[0]);
        var cancelled = await BookAsync(admin, $"{clinic}/patients/p2/appointments", slots[slots.GetArrayLength() - 1]); // The week's last slot: no overlap with the first.
        (await admin.PostAsJsonAsync($"{clinic}/patients/p2/appointments/{cancelled}/cancel", new { reason = "ill" })).EnsureSuccessStatusCode();
        var task = (await admin.GetFromJsonAsync<JsonElement>($"{clinic}/patients/p2/tasks"))[0].GetProperty("id").GetString()!;
        var key = await admin.PostAsJsonAsync($"{clinic}/api-keys", new { name = "spare, for a generated revoke" });
        var keyId = (await key.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetString()!;
        var free = await admin.GetFromJsonAsync<JsonElement>($"{clinic}/schedule/slots?visitType=hygiene-60&from=2026-11-30&days=14&max=10");
        return new ClinicRecords(clinicId, token, patients, appointment, task, keyId, [.. free.EnumerateArray().Select(s => s.GetProperty("start").GetString()!)]);
    }

    private static async Task<string> BookAsync(HttpClient client, string path, JsonElement slot)
    {
        var booked = await client.PostAsJsonAsync(path, new { visitTypeId = "hygiene-60", start = slot.GetProperty("start").GetString() });
        booked.EnsureSuccessStatusCode();
        return (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "..." : text;
}

public sealed class SqliteOpenApiPropertyTests(RecallApiFactory factory, ITestOutputHelper output)
    : OpenApiPropertyTests(factory, output), IClassFixture<RecallApiFactory>;

public sealed class PostgresOpenApiPropertyTests(PostgresApiFactory factory, ITestOutputHelper output)
    : OpenApiPropertyTests(factory, output), IClassFixture<PostgresApiFactory>;
