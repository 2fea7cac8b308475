using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

/// <summary>
/// Reminders in the staff app: the reminders list by client (an owner's three dogs together,
/// coloured by due date), a manual and an internal reminder made on a patient's page, edited and
/// cancelled in the send queue, and a rule's send schedule set in the settings.
/// </summary>
[Collection(BrowserSuite.Name)]
public sealed class RemindersPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task RemindersList_ShowsAnOwnersDogsTogether_AndFiltersByColour()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        await OwnerWithThreeDogsAsync(clinic);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");

        await page.GetByRole(AriaRole.Link, new() { Name = "Reminders" }).ClickAsync();
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("15 reminders for 13 clients");
        var owner = page.Locator("article.client[data-client='olga']");
        await Expect(owner.Locator("h2")).ToHaveTextAsync("Olga Wilk · 3 patients");
        await Expect(owner.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(owner.Locator("tr[data-patient='rex'] .badge")).ToContainTextAsync("red");
        await Expect(owner.Locator("tr[data-patient='max'] .badge")).ToContainTextAsync("yellow");
        await Expect(owner.Locator("tr[data-patient='luna'] .badge")).ToContainTextAsync("black");
        await Screenshots.SaveAsync(page, "reminders");

        await page.GetByLabel("Due colour").SelectOptionAsync("red");
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("5 reminders for 5 clients");
        await Expect(page.Locator(".clients tbody tr:not([data-colour='red'])")).ToHaveCountAsync(0);

        await page.GetByLabel("Due colour").SelectOptionAsync("");
        await page.GetByLabel("Due from").FillAsync("2027-01-01");
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("5 reminders for 5 clients"); // The five blacks, Luna among them.
        await Expect(page.Locator("article.client[data-client='olga'] tbody tr")).ToHaveCountAsync(1);

        // One client from a pet's page: all of Olga's dogs, nobody else.
        await page.GotoAsync("/#/patient/max");
        await page.GetByRole(AriaRole.Link, new() { Name = "all their reminders" }).ClickAsync();
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("3 reminders for 1 client");
        await Expect(page.Locator("article.client[data-client='olga'] tbody tr")).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Link, new() { Name = "Show every client" }).ClickAsync();
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("15 reminders for 13 clients");
    }

    [Fact]
    public async Task ManualReminder_MadeOnThePatientPage_IsEditedAndCancelledInTheSendQueue()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/patient/p03");
        var form = page.Locator("form.new-reminder");

        // No time: the API names the field and nothing is queued.
        await form.GetByLabel("Text").FillAsync("Hello {firstName}, time to book your check-up.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add reminder" }).ClickAsync();
        await Expect(form.Locator("[name='at'][aria-invalid='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".patient-sends")).ToHaveCountAsync(0);

        await form.Locator("[name='at']").FillAsync("2026-11-25T09:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add reminder" }).ClickAsync();
        await Expect(page.Locator(".patient-sends tr[data-send='m1:1:sms']")).ToContainTextAsync("Hello {firstName}");

        form = page.Locator("form.new-reminder");
        await form.GetByLabel("Kind").SelectOptionAsync("internal");
        await form.GetByLabel("For").SelectOptionAsync("hygienist");
        await form.Locator("[name='at']").FillAsync("2026-11-23T10:00");
        await form.GetByLabel("Text").FillAsync("Ask Ewa how the new brush works for her.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add reminder" }).ClickAsync();
        await Expect(page.Locator(".patient-sends tr[data-send='m2:1:task']")).ToContainTextAsync("Task for Hygienist");

        await page.GetByRole(AriaRole.Link, new() { Name = "Send queue" }).ClickAsync();
        var sms = page.Locator("tr[data-send='m1:1:sms']");
        await Expect(sms).ToContainTextAsync("Ewa Wójcik");
        await Expect(sms.Locator("time")).ToHaveAttributeAsync("datetime", "2026-11-25T08:00:00+00:00"); // 09:00 in Warsaw.
        await Expect(page.Locator("tr[data-send='m2:1:task']")).ToContainTextAsync("Internal (staff)");
        await Screenshots.SaveAsync(page, "send-queue");

        await sms.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await sms.GetByLabel("Text").FillAsync("Ewa, your check-up is due: reply to book.");
        await sms.Locator("[name='at']").FillAsync("2026-11-26T10:00");
        await sms.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(sms).ToContainTextAsync("Ewa, your check-up is due");
        await Expect(sms.Locator("time")).ToHaveAttributeAsync("datetime", "2026-11-26T09:00:00+00:00");

        await sms.GetByRole(AriaRole.Button, new() { Name = "Cancel send" }).ClickAsync();
        await Expect(sms).ToHaveCountAsync(0);
        await page.GetByLabel("State").SelectOptionAsync("withdrawn");
        await Expect(sms).ToContainTextAsync("cancelled by Fiona Desk");
        await Expect(sms.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RuleSettings_SaveASendSchedule_AndABadStepIsNamed()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "admin");
        await page.GotoAsync("/#/settings");
        var schedule = page.GetByLabel("Send schedule");

        await schedule.FillAsync("-7:sms+email soon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();
        await Expect(schedule).ToHaveAttributeAsync("aria-invalid", "true");

        await schedule.FillAsync("-7:sms+email 0:sms +14:sms");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Rules saved");

        using var admin = browser.Admin();
        var rule = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}")).GetProperty("recallRules")[0];
        Assert.Equal("[{\"daysFromDue\":-7,\"channels\":[\"sms\",\"email\"]},{\"daysFromDue\":0,\"channels\":[\"sms\"]},{\"daysFromDue\":14,\"channels\":[\"sms\"]}]",
            rule.GetProperty("schedule").GetRawText());
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Send schedule")).ToHaveValueAsync("-7:sms+email 0:sms +14:sms");
    }

    /// <summary>Olga Wilk's dogs, each with its own hygiene due date: Rex past due (red), Max within 30 days (yellow), Luna later (black).</summary>
    private async Task OwnerWithThreeDogsAsync(TestClinic clinic)
    {
        using var admin = browser.Admin();
        foreach (var (id, name, visit) in new[] { ("rex", "Rex", "2026-04-01"), ("max", "Max", "2026-06-05"), ("luna", "Luna", "2026-09-15") })
        {
            (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients", new
            {
                id, firstName = name, lastName = "Wilk", language = "pl",
                responsibleParty = new { id = "olga", name = "Olga Wilk", phone = "+48601999001", relationship = "owner" },
            })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/{id}/visits", new { date = visit, serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        }
    }
}
