using System.Globalization;
using Microsoft.Data.Sqlite;
using Recall.Grains.Clinics;
using Recall.Grains.Patients;
using Recall.Grains.Phones;
using Recall.Grains.Tasks;

namespace Recall.Silo.Tests.Workflow;

/// <summary>
/// A year of a 500-patient clinic on the manual clock, through the same code path as production.
/// Patients reply yes and get booked, ignore every message, say STOP, are booked by a call, book
/// and do not come, or walk in. At the end the workflow's invariants must hold on the database.
/// </summary>
public sealed class RecallSimulationTests
{
    private const int Patients = 500;
    private static readonly DateTimeOffset End = TestSilo.Start.AddDays(365);
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");

    [Fact]
    public async Task AYearOf500Patients_KeepsEveryInvariant()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite);
        var clinic = await WorkflowClinic.CreateAsync(silo);
        var patients = new IPatientGrain[Patients];
        for (var i = 0; i < Patients; i++)
        {
            // Last visits over the past year: some are overdue already, the rest fall due over the next six months.
            patients[i] = await WorkflowClinic.PatientAsync(silo, $"p{i:D3}", new DateOnly(2025, 1, 10).AddDays(i * 7 % 360),
                $"+4860{i:D7}", i % 2 == 0 ? $"p{i:D3}@example.com" : null);
        }

        var walkIns = new Dictionary<int, DateOnly>();
        var lastSeen = 0L;
        for (var day = 0; day < 365; day++)
        {
            await silo.AdvanceAsync(TimeSpan.FromDays(1));
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(silo.Clock.GetUtcNow(), Warsaw).DateTime);
            foreach (var (outboxId, grainKey) in Rows(silo, $"""
                SELECT s.outbox_id, o.grain_key FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id
                WHERE s.outbox_id > {lastSeen} AND o.message_key LIKE 'recall-due:%' AND s.channel = 'sms' ORDER BY s.outbox_id
                """, r => (r.GetInt64(0), r.GetString(1))))
            {
                lastSeen = outboxId;
                var i = int.Parse(grainKey[^3..], CultureInfo.InvariantCulture);
                await ActAsync(silo, patients[i], i, today, walkIns);
            }

            foreach (var (i, visit) in walkIns.Where(w => w.Value == today).ToList())
            {
                await patients[i].RecordVisitAsync(new VisitInput(visit, ["D1110"]));
            }

            // The practice system records yesterday's visits; persona 8 never comes.
            foreach (var (patientId, start) in Rows(silo, $"""
                SELECT patient_id, start_at FROM appointments WHERE status = 'Booked' AND start_at < {silo.Clock.GetUtcNow().ToUnixTimeMilliseconds()}
                """, r => (r.GetString(0), r.GetInt64(1))))
            {
                var i = int.Parse(patientId[1..], CultureInfo.InvariantCulture);
                if (i % 10 != 8)
                {
                    var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(start), Warsaw).DateTime);
                    await patients[i].RecordVisitAsync(new VisitInput(date, ["D1110"]));
                }
            }
        }

        AssertEveryDuePatientWasContacted(silo);
        AssertNoPatientMessageInQuietHoursOrOverTheCaps(silo);
        AssertNoRecallMessageAfterBooking(silo);
        AssertNoDuplicateStepOrMessage(silo);
        await AssertReportsAddUpToTheRowsAsync(silo, clinic);
    }

    /// <summary>What patient <paramref name="i"/> does after a recall SMS, by persona (i mod 10).</summary>
    private static async Task ActAsync(TestSilo silo, IPatientGrain patient, int i, DateOnly today, Dictionary<int, DateOnly> walkIns)
    {
        var now = silo.Clock.GetUtcNow();
        switch (i % 10)
        {
            case 0 or 1 or 2 or 3 or 8:
                // Replies yes; the front desk books the first free slot from the suggestion (persona 8 will not come).
                await patient.ReceiveSmsAsync(new InboundSms($"SM-yes-{i}-{now.ToUnixTimeMilliseconds()}", "Tak", now), SmsKeyword.None);
                await BookFirstSlotAsync(patient, "front desk");
                break;
            case 6:
                var phone = silo.Grains.GetGrain<IPhoneGrain>($"{WorkflowClinic.Id}/+4860{i:D7}");
                var stop = new InboundSms($"SM-stop-{i}-{now.ToUnixTimeMilliseconds()}", "STOP", now);
                var routing = await phone.ReceiveSmsAsync(stop);
                await patient.ReceiveSmsAsync(stop, routing.Keyword);
                break;
            case 7:
                // The front desk works its task: a call that books.
                var remind = (await patient.GetTasksAsync()).FirstOrDefault(t => t.Step == TaskSteps.Remind && t.IsOpen);
                if (remind is not null)
                {
                    await patient.CompleteTaskAsync(remind.Id, new TaskCompletion(TaskOutcome.Booked, null, "front desk"));
                    await BookFirstSlotAsync(patient, "front desk");
                }

                break;
            case 9:
                walkIns.TryAdd(i, today.AddDays(10));
                break;
        }
    }

    private static async Task BookFirstSlotAsync(IPatientGrain patient, string by)
    {
        if ((await patient.GetAppointmentsAsync()).Any(a => a.Status == Grains.Scheduling.AppointmentStatus.Booked))
        {
            return;
        }

        foreach (var slot in await patient.SuggestSlotsAsync(WorkflowClinic.Hygiene.Id, 28))
        {
            try
            {
                await patient.BookAsync(new BookingInput(WorkflowClinic.Hygiene.Id, slot.Start, by));
                return;
            }
            catch (Grains.Hosting.GrainConflictException)
            {
                // Taken since the search: the next one.
            }
        }
    }

    private static void AssertEveryDuePatientWasContacted(TestSilo silo)
    {
        // Every patient fell due during the year (last visits 6-18 months before its end): each was reached by some channel.
        Assert.Equal(Patients, silo.Scalar("SELECT COUNT(DISTINCT patient_id) FROM contact_attempts WHERE outcome = 'Sent' AND channel IN ('sms', 'email', 'phone')"));
    }

    private static void AssertNoPatientMessageInQuietHoursOrOverTheCaps(TestSilo silo)
    {
        var sent = Rows(silo, """
            SELECT o.grain_key, o.message_key, s.sent_at FROM sandbox_messages s JOIN outbox o ON o.id = s.outbox_id
            WHERE o.grain_type = 'patient'
            """, r => (Patient: r.GetString(0), Key: r.GetString(1), At: TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), Warsaw)));
        Assert.True(sent.Count > Patients, $"Only {sent.Count} messages in a year.");
        Assert.All(sent, m => Assert.InRange(m.At.TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(21)));
        var recall = sent.Where(m => m.Key.StartsWith("recall-", StringComparison.Ordinal)).ToList();
        Assert.All(recall.GroupBy(m => (m.Patient, m.At.Date)), day => Assert.Single(day));
        Assert.All(recall.GroupBy(m => m.Patient), messages => Assert.All(messages, m =>
            Assert.InRange(messages.Count(o => o.At > m.At.AddDays(-7) && o.At <= m.At), 1, 3)));
    }

    private static void AssertNoRecallMessageAfterBooking(TestSilo silo) =>
        Assert.Equal(0, silo.Scalar("""
            SELECT COUNT(*) FROM appointments a
            JOIN outbox o ON o.grain_type = 'patient' AND o.grain_key = a.clinic_id || '/' || a.patient_id AND o.message_key LIKE 'recall-%'
            JOIN sandbox_messages s ON s.outbox_id = o.id
            WHERE s.sent_at > a.booked_at AND s.sent_at < a.end_at AND a.recall_type IS NOT NULL
            """));

    private static void AssertNoDuplicateStepOrMessage(TestSilo silo)
    {
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM outbox GROUP BY grain_type, grain_key, message_key HAVING COUNT(*) > 1)"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM (SELECT 1 FROM sandbox_messages GROUP BY outbox_id HAVING COUNT(*) > 1)"));
        Assert.Equal(0, silo.Scalar("""
            SELECT COUNT(*) FROM (SELECT 1 FROM tasks WHERE status IN ('Open', 'Claimed') AND step NOT IN ('rebook', 'hard-to-reach')
            GROUP BY clinic_id, patient_id, step, recall_type HAVING COUNT(*) > 1)
            """));
        Assert.True(silo.Scalar("SELECT COUNT(*) FROM tasks") > Patients);
    }

    private static async Task AssertReportsAddUpToTheRowsAsync(TestSilo silo, IClinicGrain clinic)
    {
        foreach (var month in new[] { new DateOnly(2026, 2, 1), new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 1) })
        {
            var report = await clinic.GetMonthlyReportAsync(month);
            var from = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), Warsaw.GetUtcOffset(month.ToDateTime(TimeOnly.MinValue))).ToUnixTimeMilliseconds();
            var next = month.AddMonths(1).ToDateTime(TimeOnly.MinValue);
            var to = new DateTimeOffset(next, Warsaw.GetUtcOffset(next)).ToUnixTimeMilliseconds();
            // A recall compliance report counts recall outreach (recall messages and staff calls), not
            // the appointment notices, offers and replies that also go to patients.
            var inMonth = $"FROM contact_attempts WHERE at >= {from} AND at < {to} AND channel <> 'none'";
            const string recall = "AND (message_key LIKE 'recall-%' OR message_key LIKE 'call:%')";
            Assert.Equal(silo.Scalar($"SELECT COUNT(*) {inMonth} {recall}"), report.Attempts);
            Assert.Equal(silo.Scalar($"SELECT COUNT(DISTINCT patient_id) {inMonth} {recall} AND outcome = 'Sent'"), report.PatientsContacted);
            Assert.True(silo.Scalar($"SELECT COUNT(*) {inMonth}") > report.Attempts, $"In {month:yyyy-MM} patients also got appointment notices, which are not recall attempts.");
            Assert.InRange(report.SuccessRate, 0.01, 1);
        }

        var due = await clinic.GetContactDueReportAsync();
        Assert.Equal(silo.Scalar($"""
            SELECT COUNT(*) FROM recall_cycles WHERE status IN ('Due', 'Overdue', 'Contacted') AND due_date <= '{due.Until:yyyy-MM-dd}'
            """), due.Total);
        var busyDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(
            silo.Scalar("SELECT start_at FROM appointments GROUP BY start_at / 86400000 ORDER BY COUNT(*) DESC LIMIT 1")), Warsaw).DateTime);
        var daily = await clinic.GetDailyReportAsync(busyDay);
        Assert.NotEmpty(daily.Visits);
        Assert.InRange(silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key LIKE 'report:daily:%'"), 364, 365);
        Assert.Equal(12, silo.Scalar("SELECT COUNT(*) FROM outbox WHERE message_key LIKE 'report:monthly:%'"));
    }

    private static List<T> Rows<T>(TestSilo silo, string sql, Func<SqliteDataReader, T> map)
    {
        using var connection = new SqliteConnection($"Data Source={silo.Database.SqlitePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
