using System.Text;
using MimeKit;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Templates;
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
        var mail = Parse(data);
        Assert.Equal("multipart/alternative", mail.Body!.ContentType.MimeType);
        Assert.Contains("Smile Dental", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(("Smile Dental", "recall@smile.example"), (mail.From.Mailboxes.Single().Name, mail.From.Mailboxes.Single().Address));
        var outboxId = silo.Scalar("SELECT id FROM outbox");
        Assert.Equal($"outbox-{outboxId}@127.0.0.1", mail.MessageId);
        var attempt = Assert.Single((await patient.GetRecallStatusAsync()).ContactAttempts);
        Assert.Equal(("email", OutboxOutcome.Sent), (attempt.Channel, attempt.Outcome));
    }

    /// <summary>A 5xx is final; a 4xx is tried again, and the second try delivers.</summary>
    [Theory]
    [InlineData("RCPT", "550 5.1.1 No such user here", OutboxOutcome.Failed, 1)]
    [InlineData("DATA", "554 5.7.1 Message rejected", OutboxOutcome.Failed, 1)]
    [InlineData("RCPT", "451 4.2.1 Mailbox busy, try again later", OutboxOutcome.Sent, 2)]
    [InlineData("DATA", "452 4.3.1 Insufficient system storage", OutboxOutcome.Sent, 2)]
    public async Task RecallNotice_RefusedOnce_FailsOn5xxAndIsRetriedOn4xx(string command, string reply, OutboxOutcome outcome, int attempts)
    {
        await using var sink = new SmtpSink();
        sink.Then(command, reply);
        await using var silo = await StartAsync(sink);
        var patient = await CreatePatientAsync(silo, "anna@example.com");

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        Assert.Equal(outcome == OutboxOutcome.Sent ? 1 : 0, sink.Messages.Count);
        Assert.Equal(outcome, Assert.Single((await patient.GetRecallStatusAsync()).ContactAttempts).Outcome);
        Assert.Equal(attempts, silo.Scalar("SELECT attempts FROM outbox"));
        Assert.Equal(outcome == OutboxOutcome.Failed ? 1 : 0, silo.Scalar($"SELECT COUNT(*) FROM outbox WHERE last_error LIKE '{reply[..4]}%'")); // A success clears it.
    }

    [Fact]
    public async Task Email_ServerNotListening_NeverLeftSoItIsRetried()
    {
        int port;
        await using (var gone = new SmtpSink())
        {
            port = gone.Port;
        }

        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite, settings: Settings(port));

        await silo.Grains.GetGrain<ICounterGrain>("mailer").SendMessageAsync(new OutboxMessage("email", "hello-1", "anna@example.com", "Hello.", "Hello"));
        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts >= 2"));
    }

    [Fact]
    public async Task Email_WithAUserName_SignsInFirst()
    {
        await using var sink = new SmtpSink();
        var settings = Settings(sink.Port);
        settings["Smtp:Username"] = "recall";
        settings["Smtp:Password"] = "s3cret";
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite, settings: settings);

        await SendAsync(silo, new OutboxMessage("email", "hello-1", "anna@example.com", "Hello.", "Hello"));

        Assert.Equal(("recall", "s3cret"), Assert.Single(sink.Logins));
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task Email_WithAnAppointment_CarriesAnInvitationPartAndAnIcsAttachment()
    {
        await using var sink = new SmtpSink();
        await using var silo = await StartAsync(sink);

        await SendAsync(silo, new OutboxMessage("email", "confirm-7", "anna@example.com",
            "Your visit is booked.", "Smile Dental: visit booked", Calendar: AppointmentCalendar.Request(Visit, TestSilo.Start)));

        var mail = Parse(Assert.Single(sink.Messages).Data);
        Assert.Equal("multipart/mixed", mail.Body!.ContentType.MimeType);
        var invite = Assert.Single(mail.BodyParts.OfType<TextPart>(), p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal("REQUEST", invite.ContentType.Parameters["method"]);
        var calendar = Ical.Net.Calendar.Load(invite.Text)!;
        var visit = Assert.Single(calendar.Events);
        Assert.Equal(("REQUEST", "appt-7@smile", 1), (calendar.Method, visit.Uid, visit.Sequence));
        // The grain cannot know the sending address; the channel makes it the ORGANIZER that iTIP wants.
        Assert.Equal(("mailto:recall@smile.example", "Smile Dental"), (visit.Organizer!.Value!.ToString(), visit.Organizer.CommonName));
        Assert.Equal(Visit.Start.UtcDateTime, visit.DtStart!.AsUtc);
        var file = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal(("application/ics", "appointment.ics"), (file.ContentType.MimeType, file.FileName));
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
    }

    [Fact]
    public async Task Email_CancellingAnAppointment_IsMethodCancel()
    {
        await using var sink = new SmtpSink();
        await using var silo = await StartAsync(sink);

        await SendAsync(silo, new OutboxMessage("email", "cancel-7", "anna@example.com",
            "Your visit is cancelled.", "Smile Dental: visit cancelled", Calendar: AppointmentCalendar.Cancel(Visit with { Sequence = 2 }, TestSilo.Start)));

        var invite = Parse(Assert.Single(sink.Messages).Data).BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal("CANCEL", invite.ContentType.Parameters["method"]);
        Assert.Equal("CANCEL", Ical.Net.Calendar.Load(invite.Text)!.Method);
    }

    private static readonly CalendarEvent Visit = new("appt-7@smile", 1, TestSilo.Start.AddDays(3), TestSilo.Start.AddDays(3).AddMinutes(45),
        "Europe/Warsaw", "Smile Dental: your visit", null, Attendee: new CalendarParty("anna@example.com"));

    private static async Task SendAsync(TestSilo silo, OutboxMessage message)
    {
        await silo.Grains.GetGrain<ICounterGrain>("mailer").SendMessageAsync(message);
        await silo.Probe.WaitUntilAsync(p => p.Results.Count == 1);
    }

    [Fact]
    public async Task TheOldEnableSslSetting_StopsTheSilo_NamingItsReplacement()
    {
        var settings = Settings(25);
        settings["Smtp:EnableSsl"] = "false";

        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestSilo.StartAsync(StorageProvider.Sqlite, settings: settings));

        Assert.Contains("Smtp:Security", refused.Message, StringComparison.Ordinal);
    }

    private static MimeMessage Parse(string data) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));

    private static Task<TestSilo> StartAsync(SmtpSink sink) => TestSilo.StartAsync(StorageProvider.Sqlite, settings: Settings(sink.Port));

    /// <summary>No Smtp:Security: a relay on loopback gets the default, STARTTLS only when offered (the sink offers none).</summary>
    private static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "recall@smile.example",
        ["Smtp:FromName"] = "Smile Dental",
    };

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
