using Recall.Grains.Hosting;
using Recall.Grains.PatientLinks;
using Recall.Grains.Patients;
using Recall.Grains.Reminders;
using Recall.Grains.Scheduling;
using Recall.Silo.Tests.Reminders;

namespace Recall.Silo.Tests.PatientPages;

/// <summary>
/// What patients do on their own pages, as the patient grain keeps it on both databases: an email
/// opt-out that every later email respects, pre-registration answers checked before they are kept,
/// and portal messages read once. (The pages themselves: tests/Web.Tests/PatientPagesTests.cs.)
/// </summary>
public abstract class PatientPageActionsTests(StorageProvider provider)
{
    private static readonly DateOnly LastYear = new(2025, 2, 15);

    [Fact]
    public async Task EmailOptOut_FailsALaterEmail_WithTheReason_AndSendsNothing()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);
        await rex.AddReminderAsync(new ManualReminder([silo.Clock.GetUtcNow().AddHours(3)], ["email"], "Rex's booster is in."), "desk");

        await rex.OptOutAsync(OptOutChoice.Email, "patient page");
        await silo.AdvanceAsync(TimeSpan.FromHours(4));

        var send = Assert.Single((await rex.GetSendsAsync()).Sends, s => s.Purpose == SendPurpose.Manual);
        Assert.Equal((SendState.Failed, "The patient opted out of email."), (send.State, send.Detail));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE channel = 'email'"));
        Assert.NotNull((await rex.GetAsync())!.EmailOptedOutAt);
    }

    [Fact]
    public async Task PreRegistration_ABadPhoneChangesNothing_GoodAnswersAreKeptOnTheVisit()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);
        var slot = (await silo.Grains.GetGrain<IScheduleGrain>(VetClinic.Id).FindSlotsAsync(new SlotQuery("vacc-20", new DateOnly(2026, 1, 20), 1)))[0];
        var visit = await rex.BookAsync(new BookingInput("vacc-20", slot.Start, "desk"));

        var bad = await Assert.ThrowsAsync<GrainValidationException>(() =>
            rex.PreRegisterAsync(visit.Id, new PreRegistrationAnswers("12", "not-an-email", null, null, new string('x', 501), Consent: false)));
        Assert.Equal(["email", "phone", "reason"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null((await rex.GetAppointmentsAsync()).Single().PreRegistration);

        var kept = await rex.PreRegisterAsync(visit.Id, new PreRegistrationAnswers("601 000 077", null, "PZU", "A-1", "Limping since Sunday", Consent: false));
        Assert.Equal(("PZU", "A-1", "Limping since Sunday"), (kept.PreRegistration!.Insurer, kept.PreRegistration.InsuranceNumber, kept.PreRegistration.Reason));
        var profile = (await rex.GetAsync())!.Profile;
        Assert.Equal(("+48601000077", "jan@example.com"), (profile.Phone, profile.Email)); // A blank field keeps what was on file.
        await Assert.ThrowsAsync<GrainNotFoundException>(() => rex.PreRegisterAsync("nope", new PreRegistrationAnswers(null, null, null, null, null, false)));
    }

    [Fact]
    public async Task PortalMessage_TellsThePatient_WithoutItsText_AndIsReadOnce()
    {
        await using var silo = await TestSilo.StartAsync(provider);
        await VetClinic.CreateAsync(silo);
        var rex = await VetClinic.PetAsync(silo, "rex", "Rex", LastYear);

        await Assert.ThrowsAsync<GrainValidationException>(() => rex.WritePortalMessageAsync(" ", "desk"));
        await rex.WritePortalMessageAsync("Rex's blood results are normal.", "Dr Nowak");
        await silo.AdvanceAsync(TimeSpan.FromHours(2)); // The window opens at 08:00 in Warsaw.

        Assert.Equal(1, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id WHERE o.message_key = 'portal:pm1' AND s.body LIKE '%/p/%'"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM sandbox_messages WHERE body LIKE '%blood%'"));
        var read = Assert.Single(await rex.ReadPortalMessagesAsync()).ReadAt;
        await silo.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(read, Assert.Single(await rex.ReadPortalMessagesAsync()).ReadAt);
    }
}

public sealed class SqlitePatientPageActionsTests() : PatientPageActionsTests(StorageProvider.Sqlite);

public sealed class PostgresPatientPageActionsTests() : PatientPageActionsTests(StorageProvider.Postgres);
