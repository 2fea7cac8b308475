using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>Staff notifications (Teams/Slack incoming webhooks) and integration events, posted to a real receiver on loopback.</summary>
public sealed class WebhookChannelTests
{
    [Fact]
    public async Task HardToReachPatient_TellsStaff_AndOverdueIsAnIntegrationEvent()
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite, settings: new Dictionary<string, string?> { ["Webhooks:SigningSecret"] = "whsec-123" });
        await silo.Grains.GetGrain<IClinicGrain>("smile").CreateAsync(
            new ClinicSettings("Smile Dental", "Europe/Warsaw", ["pl"], [], StaffWebhookUrl: sink.Url("/staff"), IntegrationWebhookUrl: sink.Url("/pms")),
            [new RecallRule("hygiene", "Hygiene", ["D1110"], IntervalMonths: 6)]);
        var patient = silo.Grains.GetGrain<IPatientGrain>("smile/p1");
        await patient.CreateAsync(new PatientData("Anna", "Nowak")); // No phone, no email.
        await patient.RecordVisitAsync(new VisitInput(new DateOnly(2026, 1, 5), ["D1110"]));

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        var staff = Assert.Single(sink.Posts, p => p.Path == "/staff");
        Assert.Contains("Smile Dental: patient p1 (Anna N.) cannot be reached", JsonDocument.Parse(staff.Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        var overdue = Assert.Single(sink.Posts, p => p.Path == "/pms");
        var json = JsonDocument.Parse(overdue.Body).RootElement;
        Assert.Equal(("recall.status_changed", "p1", "overdue", "2026-07-05"),
            (json.GetProperty("type").GetString(), json.GetProperty("patientId").GetString(), json.GetProperty("status").GetString(), json.GetProperty("dueDate").GetString()));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec-123"), Encoding.UTF8.GetBytes(overdue.Body)));
        Assert.Equal(expected, overdue.Signature);
        Assert.StartsWith("outbox-", overdue.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clinic_WebhookUrlNotAbsolute_IsRejected()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite);

        var error = await Assert.ThrowsAsync<Grains.Hosting.GrainValidationException>(() => silo.Grains.GetGrain<IClinicGrain>("bad").CreateAsync(
            new ClinicSettings("Bad", "Europe/Warsaw", ["pl"], [], StaffWebhookUrl: new Uri("ftp://x.example/hook")), []));

        Assert.True(error.Errors.ContainsKey("staffWebhookUrl"));
    }
}
