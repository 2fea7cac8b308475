using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recall.Api.Tests.Staff;

namespace Recall.Api.Tests;

/// <summary>Who did what to which patient (issue #16): the clinic admin reads it; nobody changes it.</summary>
public sealed class AuditLogTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task ChangesAndViewsOfARecord_AreLogged_ByWhoDidThem_ButNotListsOrRefusals()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "p1", firstName = "Anna", lastName = "Nowak", phone = "601 000 001" })).EnsureSuccessStatusCode();
        (await client.GetAsync($"/clinics/{clinicId}/patients/p1")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/clinics/{clinicId}/patients?q=Nowak")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1", new { firstName = "", lastName = "Nowak" })).StatusCode);
        (await client.PutAsJsonAsync($"/clinics/{clinicId}/patients/p1", new { firstName = "Anna", lastName = "Nowak-Lis" })).EnsureSuccessStatusCode();

        var entries = await EntriesAsync(factory.Admin(), clinicId, "?patientId=p1");

        Assert.Equal(
        [
            ("PUT /patients/{patientId}", "p1"),
            ("GET /patients/{patientId}", "p1"),
            ("POST /patients", "p1"),
        ], entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("patientId").GetString())));
        var all = await EntriesAsync(factory.Admin(), clinicId, "");
        Assert.Contains(all, e => e.GetProperty("action").GetString() == "POST /patients");
        Assert.DoesNotContain(all, e => e.GetProperty("action").GetString() == "GET /patients");
        Assert.All(all.Where(e => e.GetProperty("action").GetString()!.Contains("/patients", StringComparison.Ordinal)),
            e => Assert.StartsWith("key:", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffSignIns_RefusedOnesToo_AndExports_AreLogged()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "boss", "admin");
        await factory.AddStaffAsync(clinicId, "lead", "leadDentist");
        using var guess = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await guess.SignInAsync(clinicId, "lead", "not the password")).StatusCode);
        using var lead = await factory.SignInAsync(clinicId, "lead");
        (await lead.GetAsync($"/clinics/{clinicId}/reports/contact-due?format=csv")).EnsureSuccessStatusCode();
        (await lead.PostAsync("/staff/sign-out", null)).EnsureSuccessStatusCode();

        using var boss = await factory.SignInAsync(clinicId, "boss");
        var entries = await EntriesAsync(boss, clinicId, "?actor=staff:lead");

        Assert.Equal(
        [
            ("signed out", null),
            ("GET /reports/contact-due", "csv export"),
            ("signed in", null),
            ("sign-in refused: wrong password", null),
        ], entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("detail").GetString())));
    }

    [Fact]
    public async Task OnlyTheClinicsAdmin_ReadsIt_AndOtherClinicsNever()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        var (_, otherKey) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "desk", "frontDesk");
        using var desk = await factory.SignInAsync(clinicId, "desk");

        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync($"/clinics/{clinicId}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherKey.GetAsync($"/clinics/{clinicId}/audit")).StatusCode);
    }

    [Fact]
    public async Task MessagesSent_AreLogged_WithoutTheirText()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "m1", firstName = "Anna", lastName = "Nowak", phone = "+48601000001" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/m1/visits", new { date = "2026-01-05", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        using var admin = factory.Admin();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode(); // Runs the owed notice's wake-up.
        await factory.Services.GetRequiredService<Recall.Silo.Storage.IOutboxStore>().WaitUntilSentAsync();

        var sent = Assert.Single(await EntriesAsync(admin, clinicId, "?actor=system"));

        Assert.Equal(("sms sent", "m1"), (sent.GetProperty("action").GetString(), sent.GetProperty("patientId").GetString()));
        Assert.DoesNotContain("Anna", sent.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("601000001", sent.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCsvExport_HasEveryEntry_AndIsItselfLogged()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "c1", firstName = "=HYPERLINK(1)", lastName = "Nowak" })).EnsureSuccessStatusCode();
        using var admin = factory.Admin();

        var csv = await admin.GetStringAsync($"/clinics/{clinicId}/audit?format=csv");

        Assert.StartsWith("id,at,actor,action,patientId,detail\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",POST /patients,", csv, StringComparison.Ordinal);
        Assert.Contains((await EntriesAsync(admin, clinicId, "?actor=admin")), e => e.GetProperty("detail").GetString() == "csv export");
    }

    [Fact]
    public async Task NobodyChangesIt_NotEvenWithTheDatabase()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "a1", firstName = "Anna", lastName = "Nowak" })).EnsureSuccessStatusCode();
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();

        await AuditLogAppendOnly.AssertRefusedAsync(connection);
    }

    internal static async Task<List<JsonElement>> EntriesAsync(HttpClient reader, string clinicId, string query)
    {
        var page = await reader.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/audit{query}");
        return [.. page.GetProperty("entries").EnumerateArray()];
    }
}

/// <summary>The audit log on PostgreSQL: the same entries, and the same refusal to change them.</summary>
public sealed class PostgresAuditLogTests(PostgresApiFactory factory) : IClassFixture<PostgresApiFactory>
{
    [Fact]
    public async Task EntriesAreKept_AndNobodyChangesThem()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = "a1", firstName = "Anna", lastName = "Nowak" })).EnsureSuccessStatusCode();
        (await client.GetAsync($"/clinics/{clinicId}/patients/a1")).EnsureSuccessStatusCode();

        var entries = await AuditLogTests.EntriesAsync(factory.Admin(), clinicId, "?patientId=a1&limit=1");
        Assert.Equal("GET /patients/{patientId}", Assert.Single(entries).GetProperty("action").GetString());
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await AuditLogAppendOnly.AssertRefusedAsync(connection);
    }
}

internal static class AuditLogAppendOnly
{
    public static async Task AssertRefusedAsync(DbConnection connection)
    {
        foreach (var sql in new[] { "UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM audit_log WHERE actor = 'nobody'";
        Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
