using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class SettingsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Template_LivePreviewCountsSegments_AndSaves()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "manager");
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        var templates = page.Locator("#settings-templates");
        var counter = templates.Locator("#segment-counter");
        var text = templates.GetByLabel("Text", new() { Exact = true });

        await templates.GetByLabel("Language").SelectOptionAsync("en");
        await text.FillAsync("Hi {firstName}, time for your check-up at {clinicName}. Reply YES to book.");
        await Expect(templates.Locator(".preview")).ToContainTextAsync("Hi Anna, time for your check-up at Smile Dental. Reply YES to book.");
        await Expect(counter).ToContainTextAsync("GSM-7");
        await Expect(counter).ToContainTextAsync("1 SMS segment");
        await text.PressSequentiallyAsync(" Dziękujemy!");
        await Expect(counter).ToContainTextAsync("UCS-2");

        await templates.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
        await Expect(templates).ToContainTextAsync("Saved");
        await Screenshots.SaveAsync(page, "settings");
        using var admin = browser.Admin();
        var saved = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/templates")).EnumerateArray()
            .Single(t => t.GetProperty("purpose").GetString() == "recallSms" && t.GetProperty("language").GetString() == "en");
        Assert.False(saved.GetProperty("isDefault").GetBoolean());
        Assert.EndsWith("Dziękujemy!", saved.GetProperty("body").GetString(), StringComparison.Ordinal);

        // An unknown placeholder: the API's problem names the field, and the page marks it.
        await text.FillAsync("Hi {nickname}");
        await Expect(text).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task Admin_AddsAStaffUser_WhoCanThenSignIn()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "admin");
        await page.GotoAsync("/#/settings/staff");
        var add = page.GetByRole(AriaRole.Form, new() { Name = "Add a staff user" });

        await add.GetByLabel("User name").FillAsync("nina");
        await add.GetByLabel("Name", new() { Exact = true }).FillAsync("Nina New");
        await add.GetByLabel("Role").SelectOptionAsync("hygienist");
        await add.GetByLabel("Password").FillAsync("short");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(add.GetByLabel("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await add.GetByLabel("Password").FillAsync(TestClinic.Password);
        await add.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();

        await Expect(page.Locator("tr[data-user='nina']")).ToContainTextAsync("Nina New");
        await Screenshots.SaveAsync(page, "settings-staff");
    }

    [Fact]
    public async Task Manager_SetsTheWorkflowAndTheSchedule_AndABadValueIsMarked()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "manager");
        await page.GotoAsync("/#/settings/workflow");
        var workflow = page.Locator("#settings-workflow");

        var email = workflow.GetByLabel("Office manager’s email");
        await email.FillAsync("not-an-email");
        await workflow.GetByRole(AriaRole.Button, new() { Name = "Save workflow" }).ClickAsync();
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await email.FillAsync("manager@smile.example");
        await workflow.GetByLabel("Visit reminders (days before)").FillAsync("7, 2");
        await workflow.GetByLabel("Visit reminders by").SelectOptionAsync("sms+email");
        await workflow.GetByRole(AriaRole.Button, new() { Name = "Save workflow" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Workflow saved.");

        using var admin = browser.Admin();
        var saved = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/clinics/{clinic.Id}")).GetProperty("settings").GetProperty("workflow");
        Assert.Equal("manager@smile.example", saved.GetProperty("managerEmail").GetString());
        Assert.Equal([7, 2], saved.GetProperty("visitReminderDays").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(["sms", "email"], saved.GetProperty("visitReminderChannels").EnumerateArray().Select(c => c.GetString()));

        // The schedule: a visit type of 7 minutes is refused with the API's words, and nothing changes.
        var schedule = page.Locator("#settings-schedule");
        var json = schedule.GetByLabel("Visit types and resources (JSON)");
        await Expect(json).ToContainTextAsync("hygiene-60");
        await json.FillAsync((await json.InputValueAsync()).Replace("\"durationMinutes\": 60", "\"durationMinutes\": 7", StringComparison.Ordinal));
        await schedule.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();
        await Expect(schedule.Locator(".problem")).ToContainTextAsync("5 to 480 minutes");
        var setup = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/clinics/{clinic.Id}/schedule/setup");
        Assert.Equal(60, setup.GetProperty("visitTypes")[0].GetProperty("durationMinutes").GetInt32());
    }
}
