using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Recall.Api.Tests.Staff;
using Task = System.Threading.Tasks.Task;

namespace Recall.Api.Tests;

/// <summary>Data-protection requests (issue #16): a patient's data exported whole, as JSON or FHIR R4, and erased.</summary>
public abstract class PrivacyApiTests<TFactory>(TFactory factory) where TFactory : RecallApiFactory
{
    [Fact]
    public async Task TheExport_HasTheRecord_TheMessagesWithTheirText_AndWhoLookedAtIt()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await SeedAsync(client, clinicId, "x1");

        var export = await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients/x1/export");

        Assert.Equal("Nowak", export.GetProperty("patient").GetProperty("profile").GetProperty("lastName").GetString());
        Assert.Equal("2026-01-05", export.GetProperty("patient").GetProperty("visits")[0].GetProperty("date").GetString());
        var sms = Assert.Single(export.GetProperty("messages").EnumerateArray());
        Assert.Equal(("+48601000001", "sent"), (sms.GetProperty("recipient").GetString(), sms.GetProperty("status").GetString()));
        Assert.Contains("Anna", sms.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains(export.GetProperty("accessLog").EnumerateArray(), e => e.GetProperty("action").GetString() == "POST /patients");
    }

    [Fact]
    public async Task TheFhirExport_IsABundleOfThePatientAndTheirCommunication()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await SeedAsync(client, clinicId, "f1");

        var response = await client.GetAsync($"/clinics/{clinicId}/patients/f1/export?format=fhir");

        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var bundle = (Bundle)new FhirJsonDeserializer(new DeserializerSettings()).DeserializeResource(await response.Content.ReadAsStringAsync());
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        var patient = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Patient>());
        Assert.Equal(("f1", "Nowak", "1980-04-02"), (patient.Identifier[0].Value, patient.Name[0].Family, patient.BirthDate));
        Assert.Contains(patient.Telecom, t => t.Value == "+48601000001");
        var sms = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Communication>());
        Assert.Equal("SMSWRIT", sms.Medium[0].Coding[0].Code);
        Assert.Contains("Anna", ((FhirString)sms.Payload[0].Content).Value!, StringComparison.Ordinal);
        Assert.Equal($"urn:uuid:{patient.Id}", sms.Subject?.Reference);
    }

    [Fact]
    public async Task AnErasure_LeavesNothingThatNamesThePatient_ButTheReportsCountsStay()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await SeedAsync(client, clinicId, "e1");
        var monthly = await client.GetStringAsync($"/clinics/{clinicId}/reports/monthly?month=2026-11");

        var erased = await (await client.PostAsync($"/clinics/{clinicId}/patients/e1/erase", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((1, 1), (erased.GetProperty("contactRecordsKept").GetInt32(), erased.GetProperty("messagesBlanked").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/clinics/{clinicId}/patients/e1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/clinics/{clinicId}/patients/e1/export")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/patients")).GetProperty("total").GetInt32());
        var outbox = await client.GetStringAsync($"/clinics/{clinicId}/outbox");
        Assert.DoesNotContain("Anna", outbox, StringComparison.Ordinal);
        Assert.DoesNotContain("601000001", outbox, StringComparison.Ordinal);
        Assert.Equal(monthly, await client.GetStringAsync($"/clinics/{clinicId}/reports/monthly?month=2026-11"));
        var again = await client.PostAsync($"/clinics/{clinicId}/patients/e1/erase", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var audit = await AuditLogTests.EntriesAsync(factory.Admin(), clinicId, "?patientId=e1");
        Assert.Equal("POST /patients/{patientId}/erase", audit[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task OnlyTheClinicsAdmin_ExportsOrErases()
    {
        var (clinicId, client) = await factory.CreateClinicAsync();
        await SeedAsync(client, clinicId, "r1");
        await factory.AddStaffAsync(clinicId, "desk", "frontDesk");
        await factory.AddStaffAsync(clinicId, "boss", "admin");
        using var desk = await factory.SignInAsync(clinicId, "desk");
        using var boss = await factory.SignInAsync(clinicId, "boss");

        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync($"/clinics/{clinicId}/patients/r1/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsync($"/clinics/{clinicId}/patients/r1/erase", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boss.GetAsync($"/clinics/{clinicId}/patients/r1/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/clinics/{clinicId}/patients/nobody/erase", null)).StatusCode);
    }

    /// <summary>A patient with a visit long enough ago to be owed a recall SMS, and that SMS sent.</summary>
    private async Task SeedAsync(HttpClient client, string clinicId, string patientId)
    {
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients", new { id = patientId, firstName = "Anna", lastName = "Nowak", dateOfBirth = "1980-04-02", phone = "+48601000001" }))
            .EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/clinics/{clinicId}/patients/{patientId}/visits", new { date = "2026-01-05", serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        using var admin = factory.Admin();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { minutes = 1 })).EnsureSuccessStatusCode();
        await factory.Services.GetRequiredService<Recall.Silo.Storage.IOutboxStore>().WaitUntilSentAsync();
    }
}

public sealed class SqlitePrivacyApiTests(RecallApiFactory factory) : PrivacyApiTests<RecallApiFactory>(factory), IClassFixture<RecallApiFactory>;

public sealed class PostgresPrivacyApiTests(PostgresApiFactory factory) : PrivacyApiTests<PostgresApiFactory>(factory), IClassFixture<PostgresApiFactory>;
