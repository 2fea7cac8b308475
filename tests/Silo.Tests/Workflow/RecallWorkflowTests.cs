using Microsoft.Extensions.DependencyInjection;
using Recall.Grains.Hosting;
using Recall.Grains.Insurance;
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Recall.Grains.Scheduling;
using Recall.Grains.Staff;
using Recall.Grains.Tasks;

namespace Recall.Silo.Tests.Workflow;

/// <summary>
/// The dental recall workflow in a real silo. Each test names the workflow steps (1-27 in the
/// README) it shows. The silo's clock starts on Monday 2026-01-05 at 07:00 in Warsaw; the patient's
/// last hygiene visit was 2025-07-01, so the recall fell due on 2026-01-02 and the outreach starts at once.
/// </summary>
public abstract class RecallWorkflowTests(StorageProvider provider)
{
    private static readonly DateOnly LastVisit = new(2025, 7, 1);
    private static readonly DateTimeOffset EightAmJan5 = new(2026, 1, 5, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DueDate_StartsTheOutreach_Steps1To10_16_17_24()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var patient = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit);

        await silo.AdvanceAsync(TimeSpan.FromDays(2));

        // Steps 1, 2, 5: due, so the first recall SMS goes to the primary phone when the sending window opens.
        Assert.Equal(EightAmJan5.ToUnixTimeMilliseconds(), silo.Scalar(
            "SELECT s.sent_at FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'recall-due:%' AND s.recipient = '+48601000001'"));
        // Step 6: the personal preventive-care email to the primary email, the next day (one message a day).
        Assert.Equal(EightAmJan5.AddDays(1).ToUnixTimeMilliseconds(), silo.Scalar(
            "SELECT s.sent_at FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'recall-education:%' AND s.recipient = 'anna@example.com' AND s.body LIKE '%2025%'"));
        // Step 16: contacted; step 24: both attempts in the history; step 7: "recall required" on the record.
        var status = await patient.GetRecallStatusAsync();
        Assert.Equal(RecallStatus.Contacted, Assert.Single(status.Cycles).Status);
        Assert.Equal(["email", "sms"], status.ContactAttempts.Where(a => a.Outcome == OutboxOutcome.Sent).Select(a => a.Channel).Order());
        Assert.Equal(1, silo.Scalar("SELECT recall_required FROM patients WHERE patient_id = 'p1'"));

        // Steps 4, 8, 17: a high-priority reminder task for the front desk, a history review for the hygienist,
        // and (no insurance on file) a verification task; the worklists read them from the query rows.
        var tasks = await patient.GetTasksAsync();
        Assert.Equal(
            [("remind-hygiene-20260102", StaffRole.FrontDesk, TaskPriority.High), ("review-history-hygiene-20260102", StaffRole.Hygienist, TaskPriority.Normal),
             ("verify-insurance-hygiene-20260102", StaffRole.FrontDesk, TaskPriority.Normal)],
            tasks.Select(t => (t.Id, t.Role, t.Priority)).Order());
        var frontDesk = await silo.Services.GetRequiredService<IRecallQueries>()
            .ListTasksAsync(WorkflowClinic.Id, new TaskFilter(Role: StaffRole.FrontDesk), silo.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(["remind-hygiene-20260102", "verify-insurance-hygiene-20260102"], frontDesk.Items.Select(t => t.TaskId));
        Assert.Equal("Anna Nowak", frontDesk.Items[0].PatientName);

        // Steps 3, 9, 10: days since the last visit, coverage (unknown: no insurance), and the suggested visit date (tomorrow: already due).
        var plan = Assert.Single((await patient.GetRecallPlanAsync()).Cycles);
        Assert.Equal(new DateOnly(2026, 1, 7).DayNumber - LastVisit.DayNumber, plan.DaysSinceLastVisit);
        Assert.Equal(CoverageStatus.Unknown, plan.Coverage.Status);
        Assert.Equal(new DateOnly(2026, 1, 8), plan.Suggested.Date);
        Assert.True(plan.RecallRequired);
    }

    [Fact]
    public async Task Booking_EndsTheOutreachAtOnce_ConfirmsRemindsAndPrepares_Steps18To23()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var patient = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1)); // The outreach is queued; the SMS waits for 08:00.

        // Step 18: free slots in real time, from the suggested date (tomorrow), in working hours.
        var suggested = await patient.SuggestSlotsAsync("hygiene-60", 14);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 7, 0, 0, TimeSpan.Zero), suggested[0].Start);
        var monday = (await silo.Grains.GetGrain<IScheduleGrain>(WorkflowClinic.Id).FindSlotsAsync(new SlotQuery("hygiene-60", new DateOnly(2026, 1, 12), 1)))[0];
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 7, 0, 0, TimeSpan.Zero), monday.Start);

        var booked = await patient.BookAsync(new BookingInput("hygiene-60", monday.Start, "reception"));

        // Step 21: the appointment record; step 23: the recall's reminders and reminder tasks are gone.
        Assert.Equal(1, silo.Scalar($"SELECT COUNT(*) FROM appointments WHERE appointment_id = '{booked.Id}' AND status = 'Booked'"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key = 'smile/p1' AND name LIKE 'recall-%'"));
        Assert.Equal(StaffTaskStatus.Cancelled, (await patient.GetTasksAsync()).Single(t => t.Step == TaskSteps.Remind).Status);
        Assert.Equal(RecallStatus.Scheduled, Assert.Single((await patient.GetRecallStatusAsync()).Cycles).Status);

        await silo.AdvanceAsync(TimeSpan.FromDays(8));

        // No recall message after the booking (the queued SMS and email were withdrawn).
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'recall-%'"));
        // Step 19: the confirmation when the window opens; step 22: the reminder 3 days before; step 20: the preparation 24 hours before
        // (the 1-day reminder would go at the same moment, so the preparation, which names the time too, replaces it).
        long SentAt(string key) => silo.Scalar($"SELECT s.sent_at FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE '{key}:%'");
        Assert.Equal(EightAmJan5.ToUnixTimeMilliseconds(), SentAt("appt-confirmed"));
        Assert.Equal(monday.Start.AddDays(-3).ToUnixTimeMilliseconds(), SentAt("appt-reminder-3"));
        Assert.Equal(monday.Start.AddDays(-1).ToUnixTimeMilliseconds(), SentAt("appt-previsit"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key LIKE 'appt-reminder-1:%'"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE body LIKE '%Prosimy nie jeść%'"));

        // The visit completes the cycle: the appointment is done and its reminders go (step 23).
        await patient.RecordVisitAsync(new VisitInput(new DateOnly(2026, 1, 12), ["D1110"]));
        Assert.Equal(AppointmentStatus.Completed, Assert.Single(await patient.GetAppointmentsAsync()).Status);
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders WHERE grain_key = 'smile/p1' AND name LIKE 'appt:%'"));
    }

    [Fact]
    public async Task OneSlot_BookedTwiceAtOnce_ExactlyOneWins()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var first = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit);
        var second = await WorkflowClinic.PatientAsync(silo, "p2", LastVisit, "+48601000002");
        var slot = new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero);

        var attempts = await Task.WhenAll(
            Outcome(first.BookAsync(new BookingInput("hygiene-60", slot, "desk 1"))),
            Outcome(second.BookAsync(new BookingInput("hygiene-60", slot, "desk 2"))));

        Assert.Equal(["booked", "conflict"], attempts.Order());
        Assert.Single(await silo.Grains.GetGrain<IScheduleGrain>(WorkflowClinic.Id).ListAppointmentsAsync(slot, slot.AddHours(1)));
    }

    [Fact]
    public async Task Tasks_ClaimSnoozeComplete_FeedBackIntoTheCycle()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var patient = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit, email: null);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        const string remind = "remind-hygiene-20260102";

        await patient.ClaimTaskAsync(remind, "reception");
        await Assert.ThrowsAsync<GrainConflictException>(() => patient.ClaimTaskAsync(remind, "someone else"));
        // A claimed task is worked by the one who claimed it: a colleague can neither snooze nor complete it.
        await Assert.ThrowsAsync<GrainConflictException>(() => patient.SnoozeTaskAsync(remind, silo.Clock.GetUtcNow().AddDays(1), "someone else"));
        await Assert.ThrowsAsync<GrainConflictException>(() => patient.CompleteTaskAsync(remind, new TaskCompletion(TaskOutcome.Reached, null, "someone else")));
        await patient.SnoozeTaskAsync("review-history-hygiene-20260102", silo.Clock.GetUtcNow().AddDays(2), "hygienist");
        var queries = silo.Services.GetRequiredService<IRecallQueries>();
        Assert.Equal(0, (await queries.ListTasksAsync(WorkflowClinic.Id, new TaskFilter(Role: StaffRole.Hygienist), silo.Clock.GetUtcNow(), CancellationToken.None)).Total);

        // A call that reached the patient: logged (step 24) and the cycle is Contacted (step 16).
        var done = await patient.CompleteTaskAsync(remind, new TaskCompletion(TaskOutcome.Reached, "will call back to book", "reception"));
        Assert.Equal((StaffTaskStatus.Done, TaskOutcome.Reached), (done.Status, done.Outcome));
        var status = await patient.GetRecallStatusAsync();
        Assert.Equal(RecallStatus.Contacted, Assert.Single(status.Cycles).Status);
        Assert.Contains(status.ContactAttempts, a => a.Channel == "phone" && a.By == "reception" && a.Outcome == OutboxOutcome.Sent);
        await Assert.ThrowsAsync<GrainConflictException>(() => patient.CompleteTaskAsync(remind, new TaskCompletion(TaskOutcome.Reached, null, "reception")));
        await Assert.ThrowsAsync<GrainValidationException>(() => patient.CompleteTaskAsync("review-history-hygiene-20260102", new TaskCompletion(TaskOutcome.Booked, null, "x")));

        // Step 17: "verified" needs valid insurance on file; recording it closes the verification task.
        await Assert.ThrowsAsync<GrainValidationException>(() =>
            patient.CompleteTaskAsync("verify-insurance-hygiene-20260102", new TaskCompletion(TaskOutcome.Verified, null, "reception")));
        var plan = await patient.SetInsuranceAsync(new InsurancePolicy("PZU", "Dental Plus", "M-1", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), MinMonthsBetweenVisits: 6));
        Assert.Equal(CoverageStatus.Covered, Assert.Single(plan.Cycles).Coverage.Status);
        Assert.Equal(StaffTaskStatus.Cancelled, (await patient.GetTasksAsync()).Single(t => t.Step == TaskSteps.VerifyInsurance).Status);
    }

    [Fact]
    public async Task NoAnswer_RaisesTheOfficeManagerAndThenTheLeadDentist_Steps12And27()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var patient = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit);

        await silo.AdvanceAsync(TimeSpan.FromDays(15));
        var afterTwoWeeks = await patient.GetTasksAsync();
        Assert.Contains(afterTwoWeeks, t => t.Step == TaskSteps.NoResponse && t.Role == StaffRole.OfficeManager);
        Assert.DoesNotContain(afterTwoWeeks, t => t.Step == TaskSteps.OverdueAlert);

        await silo.AdvanceAsync(TimeSpan.FromDays(15)); // 30 days past the due date.
        var alert = Assert.Single(await patient.GetTasksAsync(), t => t.Step == TaskSteps.OverdueAlert);
        Assert.Equal((StaffRole.LeadDentist, TaskPriority.High), (alert.Role, alert.Priority));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM tasks WHERE role = 'LeadDentist' AND status = 'Open'"));
    }

    [Fact]
    public async Task NoWayToReach_QueuesAManualCheckForAdmin_Step15()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var patient = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit, phone: null, email: null);

        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));

        var check = Assert.Single(await patient.GetTasksAsync(), t => t.Step == TaskSteps.HardToReach);
        Assert.Equal(StaffRole.Admin, check.Role);
        await patient.CompleteTaskAsync(check.Id, new TaskCompletion(TaskOutcome.Resolved, "new number from the practice records", "admin"));
        Assert.Equal(0, silo.Scalar("SELECT hard_to_reach FROM patients WHERE patient_id = 'p1'"));
    }

    [Fact]
    public async Task CancelledSlot_GoesToTheAsapList_FirstYesWins()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await WorkflowClinic.CreateAsync(silo);
        var schedule = silo.Grains.GetGrain<IScheduleGrain>(WorkflowClinic.Id);
        var holder = await WorkflowClinic.PatientAsync(silo, "p1", LastVisit);
        var slow = await WorkflowClinic.PatientAsync(silo, "p2", LastVisit, "+48601000002");
        var quick = await WorkflowClinic.PatientAsync(silo, "p3", LastVisit, "+48601000003");
        var slot = new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero);
        var booking = await holder.BookAsync(new BookingInput("hygiene-60", slot, "reception"));
        await schedule.JoinAsapAsync("p2", "hygiene-60");
        await schedule.JoinAsapAsync("p3", "hygiene-60");

        await holder.CancelAppointmentAsync(booking.Id, "reception", "patient is ill");
        await silo.AdvanceAsync(TimeSpan.FromHours(2)); // The offers reach both patients by SMS.
        Assert.Equal(2, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'offer:%'"));

        await quick.ReceiveSmsAsync(new Grains.Phones.InboundSms("SM-quick", "TAK", silo.Clock.GetUtcNow()), Grains.Phones.SmsKeyword.None);
        await slow.ReceiveSmsAsync(new Grains.Phones.InboundSms("SM-slow", "tak!", silo.Clock.GetUtcNow()), Grains.Phones.SmsKeyword.None);

        Assert.Equal(slot, Assert.Single(await quick.GetAppointmentsAsync()).Start);
        Assert.Empty(await slow.GetAppointmentsAsync());
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE grain_key = 'smile/p2' AND message_key LIKE 'offer-taken:%'"));
        // The patient who cancelled is open again, with a task to rebook.
        Assert.Contains(await holder.GetTasksAsync(), t => t.Step == TaskSteps.Rebook && t.IsOpen);
        Assert.Equal(RecallStatus.Overdue, Assert.Single((await holder.GetRecallStatusAsync()).Cycles).Status);
    }

    private static async Task<string> Outcome(Task<PatientAppointment> booking)
    {
        try
        {
            await booking;
            return "booked";
        }
        catch (GrainConflictException)
        {
            return "conflict";
        }
    }
}

public sealed class SqliteRecallWorkflowTests() : RecallWorkflowTests(StorageProvider.Sqlite);

public sealed class PostgresRecallWorkflowTests() : RecallWorkflowTests(StorageProvider.Postgres);
