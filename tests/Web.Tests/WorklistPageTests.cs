using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

/// <summary>The front desk's day: the worklist the recall workflow filled, a call logged, a patient booked from a task.</summary>
[Collection(BrowserSuite.Name)]
public sealed class WorklistPageTests(BrowserFixture browser)
{
    // The four patients in the red are due: each has a high-priority reminder task for the front desk,
    // and (no insurance on file) an insurance check, also the front desk's.
    private static readonly string[] DuePatients = ["p01", "p06", "p09", "p12"];

    [Fact]
    public async Task Worklist_FrontDesk_SeesTheDueRemindersAndLogsACall()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My worklist" })).ToBeVisibleAsync();
        var reminders = page.Locator("li.task[data-step='remind']");
        await Expect(reminders).ToHaveCountAsync(DuePatients.Length);
        await Expect(page.Locator("li.task[data-step='verify-insurance']")).ToHaveCountAsync(DuePatients.Length);
        foreach (var patient in DuePatients)
        {
            await Expect(page.Locator($"li.task.high[data-step='remind'][data-patient='{patient}']")).ToContainTextAsync("Remind about recall");
        }

        // High priority first.
        await Expect(page.Locator("li.task").First).ToHaveAttributeAsync("data-step", "remind");

        await Screenshots.SaveAsync(page, "worklist");

        var anna = page.Locator("li.task[data-step='remind'][data-patient='p01']");
        await anna.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(anna).ToContainTextAsync("claimed by Fiona Desk");
        await anna.GetByLabel("Call outcome").SelectOptionAsync("noAnswer");
        await anna.GetByLabel("Note").FillAsync("rang twice");
        await anna.GetByRole(AriaRole.Button, new() { Name = "Log call" }).ClickAsync();
        await Expect(reminders).ToHaveCountAsync(DuePatients.Length - 1);

        // The outcome was logged on the patient, as a call by the person signed in.
        await page.GotoAsync("/#/patient/p01");
        await Expect(page.Locator(".thread")).ToContainTextAsync("by Fiona Desk");
        using var admin = browser.Admin();
        var task = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/tasks?patientId=p01&status=done")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("noAnswer", task.GetProperty("outcome").GetString());
        Assert.Equal("Fiona Desk (desk)", task.GetProperty("claimedBy").GetString());
    }

    [Fact]
    public async Task Worklist_AnOutcomeTheStepDoesNotAllow_IsNotOffered_AndSnoozeHidesTheTask()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "hyg");

        // The hygienist reviews histories: those tasks end "reviewed", never with a call outcome.
        var review = page.Locator("li.task[data-patient='p06']");
        await Expect(review).ToContainTextAsync("Review history");
        await Expect(review.GetByLabel("Outcome").Locator("option")).ToHaveTextAsync(["Reviewed", "Not needed"]);

        await review.GetByLabel("Snooze for").SelectOptionAsync("72");
        await review.GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();
        await Expect(review).ToHaveCountAsync(0);
        await page.GetByLabel("Show snoozed").CheckAsync();
        await Expect(page.Locator("li.task[data-patient='p06']")).ToContainTextAsync("snoozed until");
    }

    [Fact]
    public async Task Worklist_BrowserClockAWeekFast_JudgesTheSnoozeByTheServersNow()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        var aWeekFast = browser.Factory.Now.AddDays(7);
        await context.Clock.SetSystemTimeAsync(aWeekFast.UtcDateTime);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds((long)await page.EvaluateAsync<double>("() => Date.now()")), aWeekFast, aWeekFast.AddMinutes(1));
        await clinic.SignInAsync(page, "hyg");

        // Snoozed for three days by the server's clock, which the browser's has already passed.
        var review = page.Locator("li.task[data-patient='p06']");
        await review.GetByLabel("Snooze for").SelectOptionAsync("72");
        await review.GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();
        await Expect(review).ToHaveCountAsync(0);
        await page.GetByLabel("Show snoozed").CheckAsync();
        await Expect(page.Locator("li.task[data-patient='p06']")).ToContainTextAsync("snoozed until");
    }

    [Fact]
    public async Task Booking_FromARecallTask_BooksASlotAndClosesTheTask()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");

        var task = page.Locator("li.task[data-step='remind'][data-patient='p09']");
        await task.GetByRole(AriaRole.Link, new() { Name = "Book" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Booking" })).ToBeVisibleAsync();
        await Expect(page.Locator(".booking-patient")).ToHaveTextAsync("Katarzyna Dąbrowska");
        await Expect(page.GetByLabel("Visit type")).ToHaveValueAsync("hygiene-60");
        var slots = page.Locator("button.slot");
        await Expect(slots.First).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, "booking");

        var start = await slots.First.GetAttributeAsync("data-start");
        await slots.First.ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Booked: Katarzyna Dąbrowska, Hygiene visit");

        // The booking is real: the schedule holds it, the slot is no longer free, and the reminder task closed.
        using var admin = browser.Admin();
        var appointments = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p09/appointments");
        Assert.Equal(DateTimeOffset.Parse(start!, System.Globalization.CultureInfo.InvariantCulture), appointments[0].GetProperty("start").GetDateTimeOffset());
        await page.GetByRole(AriaRole.Link, new() { Name = "My worklist" }).ClickAsync();
        await Expect(page.Locator("li.task[data-step='remind']")).ToHaveCountAsync(DuePatients.Length - 1);
        await Expect(page.Locator("li.task[data-step='remind'][data-patient='p09']")).ToHaveCountAsync(0);

        await page.GotoAsync("/#/patient/p09");
        await Expect(page.Locator("li.appointment.booked")).ToContainTextAsync("Hygiene visit");
    }

    [Fact]
    public async Task Booking_ASlotTakenMeanwhile_SaysSoAndBooksNothing()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/booking/p12/hygiene");
        var first = page.Locator("button.slot").First;
        await Expect(first).ToBeEnabledAsync();
        var start = await first.GetAttributeAsync("data-start");

        // A colleague books the same slot for someone else first.
        using var admin = browser.Admin();
        (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/p01/appointments", new { visitTypeId = "hygiene-60", start })).EnsureSuccessStatusCode();

        await first.ClickAsync();
        await Expect(page.Locator(".slots .problem")).ToBeVisibleAsync();
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p12/appointments")).GetArrayLength());
    }

    [Fact]
    public async Task WorklistAndBooking_AtPhoneWidth_DoNotScrollSideways()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync(390, 844);
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");

        await Expect(page.Locator("li.task[data-step='remind']")).ToHaveCountAsync(DuePatients.Length);
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "The worklist scrolls sideways at phone width.");
        await Screenshots.SaveAsync(page, "worklist-phone", fullPage: false);

        await page.GotoAsync("/#/booking/p01/hygiene");
        await Expect(page.Locator("button.slot").First).ToBeEnabledAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "Booking scrolls sideways at phone width.");
    }
}
