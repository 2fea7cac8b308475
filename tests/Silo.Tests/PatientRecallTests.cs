using Recall.Grains.Clinics;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace Recall.Silo.Tests;

/// <summary>The recall core running in the silo: visits move cycles at once, due-date reminders make them overdue on the day.</summary>
public abstract class PatientRecallTests(StorageProvider provider)
{
    private static readonly DateOnly FirstVisit = new(2026, 1, 5);

    /// <summary>Due 6 months and one extra day after the visit; midnight in Warsaw in July is 22:00 UTC the day before.</summary>
    private static readonly DateOnly Due = new(2026, 7, 6);
    private static readonly DateTimeOffset DueMidnightWarsaw = new(2026, 7, 5, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Visit_Recorded_StartsTheCycleAtOnce()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");

        var status = await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        var cycle = Assert.Single(status.Cycles);
        Assert.Equal(Due, cycle.DueDate);
        Assert.Equal(RecallStatus.Due, cycle.Status);
        Assert.Equal(DueColour.Black, cycle.Colour);
        Assert.Equal(0, cycle.DaysSinceLastVisit);
        Assert.Equal(DueMidnightWarsaw.ToUnixTimeMilliseconds(), silo.Scalar("SELECT due_at FROM reminders WHERE name = 'recall-due:hygiene'"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM recall_cycles WHERE due_date = '2026-07-06' AND status = 'Due'"));
    }

    [Fact]
    public async Task DueDate_Reached_MakesTheCycleOverdueAndSendsOneNoticeInTheMorning()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        await silo.Services.GetRequiredService<Api.Admin.IClockControl>().AdvanceToAsync(DueMidnightWarsaw.AddMinutes(-1), CancellationToken.None);
        var before = Assert.Single((await patient.GetRecallStatusAsync()).Cycles);
        Assert.Equal((RecallStatus.Due, DueColour.Yellow, 1), (before.Status, before.Colour, before.DaysUntilDue));

        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var onTheDay = Assert.Single((await patient.GetRecallStatusAsync()).Cycles);
        Assert.Equal((RecallStatus.Overdue, DueColour.Red, 0), (onTheDay.Status, onTheDay.Colour, onTheDay.DaysUntilDue));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));

        await silo.AdvanceAsync(TimeSpan.FromDays(2));
        var morning = new DateTimeOffset(2026, 7, 6, 6, 0, 0, TimeSpan.Zero); // 08:00 in Warsaw, when the sending window opens.
        Assert.Equal(morning.ToUnixTimeMilliseconds(), silo.Scalar("SELECT sent_at FROM sandbox_messages"));
        var after = await patient.GetRecallStatusAsync();
        Assert.Equal(RecallStatus.Contacted, Assert.Single(after.Cycles).Status);
        Assert.Equal(OutboxOutcome.Sent, Assert.Single(after.ContactAttempts).Outcome);
    }

    [Fact]
    public async Task Contacts_AreCountedFromTheQueryRows()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));
        await patient.LogCallAsync(new CallLog(CallOutcome.NoAnswer, null, "reception"));

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        var counts = await silo.Services.GetRequiredService<IRecallQueries>()
            .CountContactsAsync("smile", TestSilo.Start, silo.Clock.GetUtcNow().AddTicks(1), recallOutreachOnly: false, CancellationToken.None);
        Assert.Equal(
            [new ContactCount("phone", OutboxOutcome.Failed, 1, 0), new ContactCount("sms", OutboxOutcome.Sent, 1, 0)],
            counts);
    }

    [Fact]
    public async Task Visit_CompletingTheCycle_RestartsItAndStopsTheOldReminder()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));
        await silo.AdvanceAsync(TimeSpan.FromDays(150));

        var status = await patient.RecordVisitAsync(new VisitInput(FirstVisit.AddDays(150), ["D1110", "D0120"]));

        Assert.Equal(FirstVisit.AddDays(150).AddMonths(6).AddDays(1), Assert.Single(status.Cycles).DueDate);
        Assert.Equal(new CompletedCycle("hygiene", Due, FirstVisit.AddDays(150)), Assert.Single(status.Completed));
        await silo.AdvanceAsync(TimeSpan.FromDays(60)); // Past the old due date: no notice for a completed cycle.
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Notice_QueuedThenAVisitIsRecorded_IsNotSent()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));
        await silo.Services.GetRequiredService<Api.Admin.IClockControl>().AdvanceToAsync(DueMidnightWarsaw.AddHours(1), CancellationToken.None);
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")); // Queued for 08:00.

        await patient.RecordVisitAsync(new VisitInput(Due, ["D1110"])); // The patient came in first thing.
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE status = 'cancelled'"));
    }

    [Fact]
    public async Task Notice_QueuedThenThePatientDies_IsNotSent()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));
        await silo.Services.GetRequiredService<Api.Admin.IClockControl>().AdvanceToAsync(DueMidnightWarsaw.AddHours(1), CancellationToken.None);

        await patient.UpdateAsync(new PatientData("Anna", "Nowak", Phone: "+48601000001", Status: PatientStatus.Deceased));
        await silo.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
    }

    [Fact]
    public async Task Visit_WithOtherServices_DoesNotCompleteTheCycle()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));
        await silo.AdvanceAsync(TimeSpan.FromDays(10));

        var status = await patient.RecordVisitAsync(new VisitInput(FirstVisit.AddDays(10), ["D2391"]));

        Assert.Equal(Due, Assert.Single(status.Cycles).DueDate);
        Assert.Empty(status.Completed);
    }

    [Fact]
    public async Task ManualDueDate_Wins_UntilCleared()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        var manual = await patient.SetManualDueDateAsync("hygiene", new DateOnly(2026, 3, 1));
        Assert.Equal((new DateOnly(2026, 3, 1), true), (manual.Cycles[0].DueDate, manual.Cycles[0].DueDateSetManually));

        var cleared = await patient.SetManualDueDateAsync("hygiene", null);
        Assert.Equal((Due, false), (cleared.Cycles[0].DueDate, cleared.Cycles[0].DueDateSetManually));
    }

    [Fact]
    public async Task ManualDueDate_UnknownRecallType_IsRejected()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");

        var error = await Assert.ThrowsAsync<GrainValidationException>(() => patient.SetManualDueDateAsync("xray", new DateOnly(2026, 3, 1)));

        Assert.True(error.Errors.ContainsKey("recallType"));
    }

    [Fact]
    public async Task Patient_Inactive_HasNoDueReminderAndLeavesTheDueLists()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        await patient.UpdateAsync(new PatientData("Anna", "Nowak", Phone: "+48601000001", Status: PatientStatus.Deceased));

        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM reminders"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM recall_cycles"));
        var counts = await silo.Grains.GetGrain<IClinicGrain>("smile").GetCountsAsync();
        Assert.Equal((1, 0), (counts.Patients, counts.ActivePatients));
        await silo.AdvanceAsync(TimeSpan.FromDays(200));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Notice_PatientWithoutPhone_GoesToTheResponsiblePartysPhone()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "rex", new PatientData("Rex", "Nowak",
            ResponsibleParty: new ResponsibleParty("owner-1", "Jan Nowak", Phone: "+48601999999", Relationship: "owner")));
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE recipient = '+48601999999' AND channel = 'sms'"));
    }

    [Fact]
    public async Task Rules_Changed_RefreshRecomputesDueDates()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        await silo.Grains.GetGrain<IClinicGrain>("smile").SetRecallRulesAsync([new RecallRule("hygiene", "Hygiene", ["D1110"], IntervalMonths: 3)]);
        await patient.RefreshRecallsAsync();

        Assert.Equal(FirstVisit.AddMonths(3), Assert.Single((await patient.GetRecallStatusAsync()).Cycles).DueDate);
    }

    [Fact]
    public async Task Notice_OwedWhenTheSiloMissedMidnight_IsSentOnceDespiteAReplan()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        // The silo was down over the due date's midnight: time jumps past it without the reminder firing,
        // and a profile update (a replan) may reach the grain before the reminder does.
        silo.Clock.SetUtcNow(DueMidnightWarsaw.AddHours(10));
        await patient.UpdateAsync(new PatientData("Anna", "Nowak", Phone: "+48601000001", Language: "pl"));
        await silo.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages"));
        Assert.Equal(RecallStatus.Contacted, Assert.Single((await patient.GetRecallStatusAsync()).Cycles).Status);
    }

    [Fact]
    public async Task Notice_AlreadyOverdueWhenImported_GoesOutWhenTheWindowOpens()
    {
        await using var silo = await TestSilo.StartAsync(provider); // 06:00 UTC is 07:00 in Warsaw: before the 08:00 window.
        await CreatePatientAsync(silo, "seed");
        var patient = silo.Grains.GetGrain<IPatientGrain>("smile/late");

        await patient.ImportAsync(new PatientData("Jan", "Kowalski", Phone: "+48601000002"), [new VisitInput(new DateOnly(2025, 1, 10), ["D1110"])], PatientFields.All);
        await silo.AdvanceAsync(TimeSpan.FromHours(3));

        var eightWarsaw = new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(eightWarsaw.ToUnixTimeMilliseconds(), silo.Scalar("SELECT sent_at FROM sandbox_messages"));
    }

    [Fact]
    public async Task Notices_TwoDueTheSameDay_TheSecondWaitsForTheDailyCap()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await silo.Grains.GetGrain<IClinicGrain>("smile").CreateAsync(new ClinicSettings("Smile Dental", "Europe/Warsaw", ["pl"], []),
        [
            new RecallRule("hygiene", "Hygiene", ["D1110"], IntervalMonths: 6),
            new RecallRule("exam", "Exam", ["D0120"], IntervalMonths: 6),
        ]);
        var patient = silo.Grains.GetGrain<IPatientGrain>("smile/p1");
        await patient.CreateAsync(new PatientData("Anna", "Nowak", Phone: "+48601000001"));
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110", "D0120"]));

        await silo.AdvanceAsync(TimeSpan.FromDays(200));

        var sentAt = new[] { "hygiene", "exam" }.Select(type => DateTimeOffset.FromUnixTimeMilliseconds(
            silo.Scalar($"SELECT s.sent_at FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key LIKE 'recall-due:{type}:%'"))).Order().ToList();
        Assert.Equal(new DateTimeOffset(2026, 7, 5, 6, 0, 0, TimeSpan.Zero), sentAt[0]); // 08:00 in Warsaw on the due date.
        Assert.Equal(new DateTimeOffset(2026, 7, 6, 6, 0, 0, TimeSpan.Zero), sentAt[1]); // The next morning: at most one a day.
    }

    [Fact]
    public async Task TimeZone_Changed_MovesTheDueReminder()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1");
        await patient.RecordVisitAsync(new VisitInput(FirstVisit, ["D1110"]));

        await silo.Grains.GetGrain<IClinicGrain>("smile").UpdateSettingsAsync(new ClinicSettings("Smile Dental", "America/New_York", ["pl", "en"], []));
        await patient.RefreshRecallsAsync();

        var midnightNewYork = new DateTimeOffset(2026, 7, 6, 4, 0, 0, TimeSpan.Zero);
        Assert.Equal(midnightNewYork.ToUnixTimeMilliseconds(), silo.Scalar("SELECT due_at FROM reminders"));
    }

    [Fact]
    public async Task Import_WithoutAColumn_KeepsTheStoredValue()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        var patient = await CreatePatientAsync(silo, "p1", new PatientData("Anna", "Nowak", Email: "anna@example.com",
            PreferredChannel: ContactChannel.Email, Status: PatientStatus.Deceased));

        var view = await patient.ImportAsync(new PatientData("Anna", "Nowak-Kowalska"), [], PatientFields.None);

        Assert.Equal(("Nowak-Kowalska", PatientStatus.Deceased, ContactChannel.Email, "anna@example.com"),
            (view.Profile.LastName, view.Profile.Status, view.Profile.PreferredChannel, view.Profile.Email));
    }

    [Fact]
    public async Task Patient_UnknownClinic_IsNotFound()
    {
        await using var silo = await TestSilo.StartAsync(provider);

        await Assert.ThrowsAsync<GrainNotFoundException>(() =>
            silo.Grains.GetGrain<IPatientGrain>("nowhere/p1").CreateAsync(new PatientData("Anna", "Nowak")));
    }

    [Fact]
    public async Task Counts_And_List_AgreeWithTheCycles()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        for (var i = 0; i < 40; i++)
        {
            var patient = await CreatePatientAsync(silo, $"p{i:D2}");
            await patient.RecordVisitAsync(new VisitInput(FirstVisit.AddDays(-10 * i), ["D1110"]));
        }

        var counts = await silo.Grains.GetGrain<IClinicGrain>("smile").GetCountsAsync();
        var queries = silo.Services.GetRequiredService<IRecallQueries>();
        var today = counts.AsOf;
        async Task<int> Listed(PatientFilter filter) => (await queries.ListPatientsAsync("smile", filter, today, CancellationToken.None)).Total;

        Assert.Equal(40, counts.ByColour.Values.Sum());
        Assert.Equal(counts.ByColour[DueColour.Red], await Listed(new PatientFilter(Colour: DueColour.Red)));
        Assert.Equal(counts.ByColour[DueColour.Yellow], await Listed(new PatientFilter(Colour: DueColour.Yellow)));
        Assert.Equal(counts.ByColour[DueColour.Black], await Listed(new PatientFilter(Colour: DueColour.Black)));
        Assert.Equal(counts.ByStatus[RecallStatus.Overdue], await Listed(new PatientFilter(Status: RecallStatus.Overdue)));
        Assert.Equal(counts.DueWithin30Days, await Listed(new PatientFilter(DueWithinDays: 30)));
        Assert.True(counts.ByColour[DueColour.Red] > 0 && counts.ByColour[DueColour.Black] > 0);
        Assert.Equal(40, await Listed(new PatientFilter(Search: "NOWAK")));
        Assert.Equal(0, await Listed(new PatientFilter(Search: "now_k"))); // A LIKE wildcard in the text is taken literally.
        Assert.Equal(1, await Listed(new PatientFilter(Search: "p07")));
    }

    private static async Task<IPatientGrain> CreatePatientAsync(TestSilo silo, string id, PatientData? data = null)
    {
        var clinic = silo.Grains.GetGrain<IClinicGrain>("smile");
        if (await clinic.GetAsync() is null)
        {
            await clinic.CreateAsync(
                new ClinicSettings("Smile Dental", "Europe/Warsaw", ["pl", "en"], []),
                [new RecallRule("hygiene", "Hygiene recall", ["D1110"], IntervalMonths: 6, ExtraDays: 1)]);
        }

        var patient = silo.Grains.GetGrain<IPatientGrain>($"smile/{id}");
        await patient.CreateAsync(data ?? new PatientData("Anna", "Nowak", Phone: "+48601000001", Language: "pl"));
        return patient;
    }
}

public sealed class SqlitePatientRecallTests() : PatientRecallTests(StorageProvider.Sqlite);

public sealed class PostgresPatientRecallTests() : PatientRecallTests(StorageProvider.Postgres);
