using System.Net.Http.Json;

namespace Recall.Silo.Tests;

/// <summary>
/// The silo kills itself at each step of firing a due date and of changing one (Silo:CrashAt, see
/// src/Silo/CrashPoints.cs). After a restart every due item runs exactly once: each patient gets one
/// notice, and a due date whose change was interrupted is the one the retried request set.
/// </summary>
public sealed partial class ProcessKillTests
{
    [Theory]
    [InlineData("reminders-claimed:3")] // Due reminders claimed; no grain asked to run them yet.
    [InlineData("turn-committing/reminder:40")] // A notice's turn ran; its commit (row advanced, message queued) not made.
    [InlineData("turn-committed/reminder:40")] // Committed; the wake-up not moved, the reminder service not answered.
    [InlineData("sending:40")] // A queued notice about to go to its channel.
    [InlineData("sent:40")] // The channel took it; the outcome not recorded.
    public async Task SiloKilledAtAStepOfFiringDueDates_AfterRestart_EachRanOnce(string crashAt)
    {
        var database = TestDatabase.Create(StorageProvider.Sqlite);
        await using (var silo = await SiloProcess.StartAsync(database, Start, CrashAt(crashAt)))
        {
            await CreateClinicWithDuePatientsAsync(silo.Client);
            var advance = silo.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 });
            Assert.True(await silo.ExitsByItselfAsync(TimeSpan.FromSeconds(60)), $"The silo never reached {crashAt}.");
            await Assert.ThrowsAnyAsync<Exception>(() => advance);
        }

        Assert.InRange(database.Scalar("SELECT COUNT(*) FROM sandbox_messages"), 0, Patients - 1);
        await using (var restarted = await SiloProcess.StartAsync(database, Start))
        {
            (await restarted.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 })).EnsureSuccessStatusCode();
            await AllSendsRecordedAsync(database);
        }

        AssertEveryPatientNoticedOnce(database, Start.AddDays(60));
    }

    [Theory]
    [InlineData("turn-committing/SetManualDueDateAsync:20")] // The new date's turn ran; not committed.
    [InlineData("turn-committed/SetManualDueDateAsync:20")] // Committed; the caller never got the answer.
    public async Task SiloKilledAtAStepOfChangingDueDates_TheRetriedChangeHolds_AndEachPatientIsNoticedOnceOnTheNewDate(string crashAt)
    {
        var database = TestDatabase.Create(StorageProvider.Sqlite);
        var newDueDate = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(3);
        var changed = 0;
        await using (var silo = await SiloProcess.StartAsync(database, Start, CrashAt(crashAt)))
        {
            await CreateClinicWithDuePatientsAsync(silo.Client);
            // Every due date (spread over the next 40 days) moves to one date in three days, until the silo dies.
            for (; changed < Patients; changed++)
            {
                try
                {
                    (await ChangeDueDateAsync(silo.Client, changed, newDueDate)).EnsureSuccessStatusCode();
                }
                catch (HttpRequestException)
                {
                    break;
                }
            }

            Assert.True(await silo.ExitsByItselfAsync(TimeSpan.FromSeconds(30)), $"The silo never reached {crashAt}.");
        }

        Assert.Equal(19, changed);
        await using (var restarted = await SiloProcess.StartAsync(database, Start))
        {
            // The integrator retries what got no answer, with the same idempotency keys, and goes on.
            for (var i = changed; i < Patients; i++)
            {
                var response = await ChangeDueDateAsync(restarted.Client, i, newDueDate);
                response.EnsureSuccessStatusCode();
                Assert.Equal(newDueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("cycles")[0].GetProperty("dueDate").GetString());
            }

            (await restarted.Client.PostAsJsonAsync("/admin/clock/advance", new { days = 60 })).EnsureSuccessStatusCode();
            await AllSendsRecordedAsync(database);
        }

        AssertEveryPatientNoticedOnce(database, Start.AddDays(60));
        Assert.Equal(Patients, database.Scalar($"SELECT COUNT(*) FROM recall_cycles WHERE due_date = '{newDueDate:yyyy-MM-dd}'"));
        // The notices went on the new date, not on the old ones.
        Assert.Equal(0, database.Scalar($"SELECT COUNT(*) FROM sandbox_messages WHERE sent_at > {Start.AddDays(4).ToUnixTimeMilliseconds()}"));
    }

    private static Dictionary<string, string> CrashAt(string point) => new() { ["Silo__CrashAt"] = point };

    private static async Task<HttpResponseMessage> ChangeDueDateAsync(HttpClient client, int patient, DateOnly dueDate)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/clinics/kill/patients/p{patient:D4}/recalls/hygiene/due-date")
        {
            Content = JsonContent.Create(new { dueDate }),
        };
        request.Headers.Add("Idempotency-Key", $"due-date-p{patient:D4}");
        return await client.SendAsync(request);
    }
}
