using Microsoft.Extensions.DependencyInjection;
using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Recall.Grains.Reminders;
using Recall.Grains.Scheduling;
using Recall.Grains.Staff;
using Recall.Grains.Tasks;

namespace Recall.Silo.Tests.Reminders;

/// <summary>
/// Reminders for a veterinary clinic on the manual clock: a rule's send schedule from first send to
/// withdrawal, booking reminders in the queue, manual and internal reminders, and an owner with three
/// pets getting one message. The clock starts on Monday 2026-01-05 at 07:00 in Warsaw (06:00 UTC);
/// the sending window opens at 08:00 in Warsaw, 07:00 UTC in winter.
/// </summary>
public abstract class ReminderScheduleTests(StorageProvider provider)
{
    private static readonly DateOnly LastYear = new(2025, 2, 15); // Due 2026-02-15.

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task RuleSchedule_SendsEachStep_AndTheRestIsWithdrawnWhenTheServiceIsDone()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);

        var planned = (await rex.GetSendsAsync()).Sends;
        Assert.Equal(
            ["vaccination:20260215:-28:sms", "vaccination:20260215:-7:email", "vaccination:20260215:-7:sms", "vaccination:20260215:0:sms", "vaccination:20260215:14:sms"],
            planned.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(planned, s => Assert.Equal(SendState.Scheduled, s.State));
        Assert.Equal(5, silo.Scalar("SELECT COUNT(*) FROM send_queue WHERE state = 'Scheduled' AND purpose = 'Recall'"));

        // Four weeks before, when the window opens, by SMS, from the service reminder template.
        await AdvanceToAsync(silo, Utc(1, 18, 8));
        Assert.Equal(Utc(1, 18, 7).ToUnixTimeMilliseconds(), SentAt(silo, "recall-send:vaccination:20260215:-28:sms"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE body = 'Paws Vet: Rex is due for Vaccination on 15 February 2026. Please call us or reply to book.'"));
        Assert.Equal(RecallStatus.Contacted, Assert.Single((await rex.GetRecallStatusAsync()).Cycles).Status);

        // A week before: SMS and email at once. One step is one message by two channels: the daily cap (1) counts it once.
        await AdvanceToAsync(silo, Utc(2, 8, 8));
        Assert.Equal(Utc(2, 8, 7).ToUnixTimeMilliseconds(), SentAt(silo, "recall-send:vaccination:20260215:-7:sms"));
        Assert.Equal(Utc(2, 8, 7).ToUnixTimeMilliseconds(), SentAt(silo, "recall-send:vaccination:20260215:-7:email"));

        // Vaccinated before the due day: the day's and the follow-up's sends are withdrawn; next year's are planned.
        await AdvanceToAsync(silo, Utc(2, 10, 12));
        await rex.RecordVisitAsync(new VisitInput(new DateOnly(2026, 2, 10), ["VACC"]));
        var sends = (await rex.GetSendsAsync()).Sends;
        Assert.Equal([SendState.Withdrawn, SendState.Withdrawn],
            sends.Where(s => s.Id is "vaccination:20260215:0:sms" or "vaccination:20260215:14:sms").Select(s => s.State));
        Assert.Contains(sends, s => s.Id == "vaccination:20270210:-28:sms" && s.State == SendState.Scheduled && s.At == new DateTimeOffset(2027, 1, 13, 7, 0, 0, TimeSpan.Zero));

        await AdvanceToAsync(silo, Utc(3, 5, 12));
        Assert.Equal(3, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'recall-send:vaccination:20260215:%'"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key LIKE 'recall-due:%'")); // The schedule replaces the single due-day notice.

        var withdrawn = await Queries(silo).ListSendsAsync(VetClinic.Id, new SendQueueFilter(State: SendState.Withdrawn), CancellationToken.None);
        Assert.Equal(["vaccination:20260215:0:sms", "vaccination:20260215:14:sms"], withdrawn.Items.Select(i => i.SendId).Order(StringComparer.Ordinal));
        Assert.All(withdrawn.Items, i => Assert.Equal(("visit recorded", "Rex Kowalski", false), (i.Detail, i.PatientName, i.Editable)));
    }

    [Fact]
    public async Task Booking_WithdrawsTheSchedule_QueuesTheBookingReminders_AndACancellationBringsTheScheduleBack()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);
        var slot = (await silo.Grains.GetGrain<IScheduleGrain>(VetClinic.Id).FindSlotsAsync(new SlotQuery("vacc-20", new DateOnly(2026, 1, 20), 1)))[0];

        var booked = await rex.BookAsync(new BookingInput("vacc-20", slot.Start, "desk"));

        var sends = (await rex.GetSendsAsync()).Sends;
        Assert.All(sends.Where(s => s.Purpose == SendPurpose.Recall), s => Assert.Equal((SendState.Withdrawn, "booked"), (s.State, s.Detail)));
        Assert.Equal([slot.Start.AddDays(-3), slot.Start.AddDays(-1)],
            sends.Where(s => s.Purpose == SendPurpose.Booking && s.State == SendState.Scheduled).Select(s => s.At).Order());

        // Three days before the visit the reminder goes; the client's communication log lists it.
        await AdvanceToAsync(silo, Utc(1, 18, 12));
        var reminded = Assert.Single((await rex.GetSendsAsync()).Sends, s => s.Purpose == SendPurpose.Booking && s.State == SendState.Sent);
        Assert.Equal(slot.Start.AddDays(-3), reminded.At);
        Assert.Contains(await rex.GetCommunicationLogAsync(), e => e.MessageKey == reminded.MessageKey && e.Outcome == OutboxOutcome.Sent);

        // Cancelled: the day-before reminder is withdrawn, and the schedule's steps still ahead come back.
        await rex.CancelAppointmentAsync(booked.Id, "desk", "the owner asked");
        sends = (await rex.GetSendsAsync()).Sends;
        Assert.Equal(SendState.Withdrawn, Assert.Single(sends, s => s.Purpose == SendPurpose.Booking && s.At == slot.Start.AddDays(-1)).State);
        Assert.Equal(["vaccination:20260215:-7:email", "vaccination:20260215:-7:sms", "vaccination:20260215:0:sms", "vaccination:20260215:14:sms"],
            sends.Where(s => s.Purpose == SendPurpose.Recall && s.State == SendState.Scheduled).Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BookingReminders_GoByEachChannelTheClinicNames()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var clinic = silo.Grains.GetGrain<IClinicGrain>(VetClinic.Id);
        var settings = (await clinic.GetAsync())!.Settings;
        await clinic.UpdateSettingsAsync(settings with { Workflow = new RecallWorkflow(VisitReminderDays: [2], VisitReminderChannels: ["sms", "email"]) });
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);
        var slot = (await silo.Grains.GetGrain<IScheduleGrain>(VetClinic.Id).FindSlotsAsync(new SlotQuery("vacc-20", new DateOnly(2026, 1, 20), 1)))[0];
        await rex.BookAsync(new BookingInput("vacc-20", slot.Start, "desk"));

        var planned = (await rex.GetSendsAsync()).Sends.Where(s => s.Purpose == SendPurpose.Booking).ToList();
        Assert.Equal(["email", "sms"], planned.Select(s => s.Channel).Order(StringComparer.Ordinal));
        Assert.All(planned, s => Assert.Equal(slot.Start.AddDays(-2), s.At));

        await AdvanceToAsync(silo, Utc(1, 18, 12));
        Assert.All((await rex.GetSendsAsync()).Sends.Where(s => s.Purpose == SendPurpose.Booking), s => Assert.Equal(SendState.Sent, s.State));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'appt-reminder-2-sms:%' AND s.channel = 'sms'"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'appt-reminder-2-email:%' AND s.channel = 'email'"));
    }

    [Fact]
    public async Task AClinicThatDoesNotVerifyInsurance_GetsTheReminderTask_WithoutTheInsuranceCheck()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var clinic = silo.Grains.GetGrain<IClinicGrain>(VetClinic.Id);
        await clinic.UpdateSettingsAsync((await clinic.GetAsync())!.Settings with { Workflow = new RecallWorkflow(VerifyInsurance: false) });

        await VetClinic.PetAsync(silo, "rex", "Rex", new DateOnly(2024, 12, 1)); // Due a year ago: the recall tasks come out at once.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));

        var tasks = await Worklist(Queries(silo), silo, StaffRole.FrontDesk);
        Assert.Contains(tasks, t => t.Step == TaskSteps.Remind);
        Assert.DoesNotContain(tasks, t => t.Step == TaskSteps.VerifyInsurance);
    }

    [Fact]
    public async Task ManualReminder_IsEditedAndCancelledInTheQueue_BeforeItGoes()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);

        var made = await rex.AddReminderAsync(new ManualReminder([Utc(1, 7, 9), Utc(1, 9, 9)], ["sms"], "Hello, {firstName} needs the vaccination book."), "desk");
        Assert.Equal(["m1:1:sms", "m1:2:sms"], made.Sends.Where(s => s.Purpose == SendPurpose.Manual).Select(s => s.Id).Order(StringComparer.Ordinal));
        var queue = await Queries(silo).ListSendsAsync(VetClinic.Id, new SendQueueFilter(Purpose: SendPurpose.Manual), CancellationToken.None);
        Assert.All(queue.Items, i => Assert.True(i.Editable));

        await rex.ChangeSendAsync("m1:1:sms", new SendChange("Hello, please bring {firstName}'s vaccination book and a leash.", Utc(1, 8, 10)), "desk");
        await rex.CancelSendAsync("m1:2:sms", "desk");
        await AdvanceToAsync(silo, Utc(1, 10, 12));

        Assert.Equal(Utc(1, 8, 10).ToUnixTimeMilliseconds(), SentAt(silo, "send:m1:1:sms"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE body = 'Hello, please bring Rex''s vaccination book and a leash.'"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key = 'send:m1:2:sms'"));
        var sends = (await rex.GetSendsAsync()).Sends;
        Assert.Equal((SendState.Sent, SendState.Withdrawn), (sends.Single(s => s.Id == "m1:1:sms").State, sends.Single(s => s.Id == "m1:2:sms").State));

        // Gone is gone; a rule's send follows its rule; a time in the past or an unknown channel changes nothing.
        await Assert.ThrowsAsync<GrainConflictException>(() => rex.ChangeSendAsync("m1:1:sms", new SendChange("x"), "desk"));
        await Assert.ThrowsAsync<GrainConflictException>(() => rex.CancelSendAsync("vaccination:20260215:0:sms", "desk"));
        var bad = await Assert.ThrowsAsync<GrainValidationException>(() => rex.AddReminderAsync(new ManualReminder([Utc(1, 1, 9)], ["fax"], "x"), "desk"));
        Assert.Equal(["at", "channels"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, (await rex.GetSendsAsync()).Sends.Count(s => s.Purpose == SendPurpose.Manual));
    }

    [Fact]
    public async Task InternalReminders_LandOnTheirRolesWorklist_AndNothingGoesToTheClient()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);

        await rex.RecordVisitAsync(new VisitInput(new DateOnly(2026, 1, 5), ["SURG"])); // The rule: call the owner two days after surgery.
        await rex.AddReminderAsync(new ManualReminder([Utc(1, 6, 10)], Text: "Order the booster for Rex.", Role: StaffRole.Hygienist), "vet");

        await AdvanceToAsync(silo, Utc(1, 6, 12));
        var queries = Queries(silo);
        Assert.Equal(["Order the booster for Rex."], (await Worklist(queries, silo, StaffRole.Hygienist)).Select(t => t.Reason));
        Assert.DoesNotContain(await Worklist(queries, silo, StaffRole.FrontDesk), t => t.Step == TaskSteps.StaffReminder);

        await AdvanceToAsync(silo, Utc(1, 7, 12));
        var call = Assert.Single(await Worklist(queries, silo, StaffRole.FrontDesk), t => t.Step == TaskSteps.StaffReminder);
        Assert.Equal("Call the owner: how is the patient after surgery?", call.Reason);
        Assert.Equal(Utc(1, 7, 7), call.DueAt);
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key LIKE 'send:%'"));
        Assert.Equal(2, silo.Scalar("SELECT COUNT(*) FROM send_queue WHERE purpose = 'Internal' AND state = 'Sent'"));
    }

    [Fact]
    public async Task ASendDueAtOnce_Fires_WhenTheClockHasSubMillisecondTicks()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        await silo.AdvanceAsync(TimeSpan.FromTicks(4321)); // As a real clock reads: not on a whole millisecond.
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);

        await rex.RecordVisitAsync(new VisitInput(new DateOnly(2026, 1, 2), ["SURG"])); // The call was owed yesterday: it is due now.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Single(await Worklist(Queries(silo), silo, StaffRole.FrontDesk), t => t.Step == TaskSteps.StaffReminder);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM send_queue WHERE purpose = 'Internal' AND state = 'Sent'"));
    }

    [Fact]
    public async Task AnOwnerWithThreePets_GetsOneMessageForTheDay()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var owner = new ResponsibleParty("owner-1", "Jan Nowak", "+48601000009", "jan.nowak@example.com", "owner");
        IPatientGrain[] pets =
        [
            await VetClinic.PetAsync(silo, "rex", "Rex", LastYear, owner),
            await VetClinic.PetAsync(silo, "bella", "Bella", LastYear, owner),
            await VetClinic.PetAsync(silo, "max", "Max", LastYear, owner),
        ];

        await AdvanceToAsync(silo, Utc(1, 18, 9));

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE recipient = '+48601000009'"));
        Assert.Equal(1, silo.Scalar("""
            SELECT COUNT(*) FROM sandbox_messages WHERE recipient = '+48601000009'
            AND body LIKE 'Paws Vet: coming up for your animals: %Rex: Vaccination (15 February 2026)%' AND body LIKE '%Bella: Vaccination%' AND body LIKE '%Max: Vaccination%'
            """));
        foreach (var pet in pets)
        {
            Assert.Equal(SendState.Sent, (await pet.GetSendsAsync()).Sends.Single(s => s.Id == "vaccination:20260215:-28:sms").State);
            Assert.Equal(RecallStatus.Contacted, Assert.Single((await pet.GetRecallStatusAsync()).Cycles).Status);
        }
    }

    private static IRecallQueries Queries(TestSilo silo) => silo.Services.GetRequiredService<IRecallQueries>();

    private static async Task<IReadOnlyList<TaskListItem>> Worklist(IRecallQueries queries, TestSilo silo, StaffRole role) =>
        (await queries.ListTasksAsync(VetClinic.Id, new TaskFilter(Role: role), silo.Clock.GetUtcNow(), CancellationToken.None)).Items;

    private static Task<Recall.Api.Admin.ClockAdvance> AdvanceToAsync(TestSilo silo, DateTimeOffset to) => silo.AdvanceAsync(to - silo.Clock.GetUtcNow());

    private static long SentAt(TestSilo silo, string messageKey) =>
        silo.Scalar($"SELECT s.sent_at FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key = '{messageKey}'");
}

public sealed class SqliteReminderScheduleTests() : ReminderScheduleTests(StorageProvider.Sqlite);

public sealed class PostgresReminderScheduleTests() : ReminderScheduleTests(StorageProvider.Postgres);
