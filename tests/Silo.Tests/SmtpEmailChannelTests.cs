using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Silo.Tests.TestGrains;

namespace Recall.Silo.Tests;

/// <summary>Email over SMTP, delivered to a real SMTP server on loopback.</summary>
public sealed class SmtpEmailChannelTests
{
    [Fact]
    public async Task RecallNotice_ByEmail_ArrivesWithTextAndHtmlPartsAndAStableMessageId()
    {
        await using var sink = new SmtpSink();
        await using var silo = await StartAsync(sink);
        var patient = await CreatePatientAsync(silo, "anna@example.com");

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        var (from, to, data) = Assert.Single(sink.Messages);
        Assert.Equal("recall@smile.example", from);
        Assert.Equal(["anna@example.com"], to);
        Assert.Contains("text/plain", data, StringComparison.Ordinal);
        Assert.Contains("text/html", data, StringComparison.Ordinal);
        var outboxId = silo.Scalar("SELECT id FROM outbox");
        Assert.Contains($"Message-ID: <outbox-{outboxId}@127.0.0.1>", data, StringComparison.OrdinalIgnoreCase);
        var attempt = Assert.Single((await patient.GetRecallStatusAsync()).ContactAttempts);
        Assert.Equal(("email", OutboxOutcome.Sent), (attempt.Channel, attempt.Outcome));
    }

    [Fact]
    public async Task RecallNotice_UnknownMailbox_FailsForGoodAndIsNotRetried()
    {
        await using var sink = new SmtpSink();
        sink.Unknown.Add("gone@example.com");
        await using var silo = await StartAsync(sink);
        var patient = await CreatePatientAsync(silo, "gone@example.com");

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        Assert.Empty(sink.Messages);
        var attempt = Assert.Single((await patient.GetRecallStatusAsync()).ContactAttempts);
        Assert.Equal(OutboxOutcome.Failed, attempt.Outcome);
        Assert.Equal(1, silo.Scalar("SELECT attempts FROM outbox"));
    }

    [Fact]
    public async Task Email_WithAnAppointment_CarriesItAsACalendarAttachment()
    {
        await using var sink = new SmtpSink();
        await using var silo = await StartAsync(sink);
        var visit = new Grains.Templates.CalendarEvent("appt-7@smile", 1, TestSilo.Start.AddDays(3), TestSilo.Start.AddDays(3).AddMinutes(45), "Europe/Warsaw", "Smile Dental: your visit", null);

        await silo.Grains.GetGrain<ICounterGrain>("mailer").SendMessageAsync(new OutboxMessage("email", "confirm-7", "anna@example.com",
            "Your visit is booked.", "Smile Dental: visit booked", Calendar: Grains.Templates.AppointmentCalendar.Request(visit, TestSilo.Start)));
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);

        var (_, _, data) = Assert.Single(sink.Messages);
        Assert.Contains("Content-Type: text/calendar;", data, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("method=REQUEST", data, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("appointment.ics", data, StringComparison.Ordinal);
    }

    private static Task<TestSilo> StartAsync(SmtpSink sink) => TestSilo.StartAsync(StorageProvider.Sqlite, settings: new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:EnableSsl"] = "false",
        ["Smtp:From"] = "recall@smile.example",
        ["Smtp:FromName"] = "Smile Dental",
    });

    private static async Task<IPatientGrain> CreatePatientAsync(TestSilo silo, string email)
    {
        await silo.Grains.GetGrain<IClinicGrain>("smile").CreateAsync(new ClinicSettings("Smile Dental", "Europe/Warsaw", ["pl"], []),
            [new RecallRule("hygiene", "Hygiene", ["D1110"], IntervalMonths: 6)]);
        var patient = silo.Grains.GetGrain<IPatientGrain>("smile/p1");
        await patient.CreateAsync(new PatientData("Anna", "Nowak", Email: email, PreferredChannel: ContactChannel.Email));
        await patient.RecordVisitAsync(new VisitInput(new DateOnly(2026, 1, 5), ["D1110"]));
        return patient;
    }
}
