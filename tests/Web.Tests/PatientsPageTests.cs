using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class PatientsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Patients_SearchAndDueColour_FilterTheList_AndAPatientOpens()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My worklist" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Patients" }).ClickAsync();
        var rows = page.Locator("table.list tbody tr");
        await Expect(rows).ToHaveCountAsync(12);
        await Expect(page.Locator("tbody .badge.red")).ToHaveCountAsync(4);
        await Expect(page.Locator("tbody .badge.yellow")).ToHaveCountAsync(4);
        await Expect(page.Locator("tbody .badge.black")).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(page, "patients");

        await page.GetByLabel("Search").FillAsync("Nowak");
        await Expect(rows).ToHaveCountAsync(2);
        await page.GetByLabel("Search").FillAsync("");
        await page.GetByLabel("Due colour").SelectOptionAsync("yellow");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("tbody .badge.yellow")).ToHaveCountAsync(4);
        await page.GetByLabel("Due colour").SelectOptionAsync("");
        await page.GetByLabel("Awaiting reply").CheckAsync();
        await Expect(rows).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Kowalski, Jan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jan Kowalski" })).ToBeVisibleAsync();
        await Expect(page.Locator(".thread .msg.in.waiting")).ToContainTextAsync("Czy mogę przyjść w czwartek");
        foreach (var section in new[] { "Recall cycles", "Appointments", "Open tasks", "Insurance", "Retention score", "Timeline" })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = section, Exact = true })).ToBeVisibleAsync();
        }

        await Expect(page.Locator("tr[data-recall='hygiene']")).ToContainTextAsync("2026-12-02");
        await Expect(page.Locator("#insurance-h + p")).ToHaveTextAsync("No insurance on file.");
        await Screenshots.SaveAsync(page, "patient");
    }

    [Fact]
    public async Task Patients_AtPhoneWidth_StackRowsAndStayUsable()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync(390, 844);
        await using var context = page.Context;
        await clinic.SignInAsync(page, "hyg");
        await page.GotoAsync("/#/patients");

        await Expect(page.Locator("table.list tbody tr")).ToHaveCountAsync(12);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page scrolls sideways at phone width ({width}px).");
        await Screenshots.SaveAsync(page, "patients-phone", fullPage: false);
    }

    [Fact]
    public async Task Patients_ListUpdatesLive_WhenAPatientIsAddedElsewhere()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/patients");
        await Expect(page.Locator("body[data-live='on']")).ToHaveCountAsync(1);
        await page.GetByLabel("Search").FillAsync("Livia");
        await Expect(page.Locator(".results")).ToContainTextAsync("No patients match");

        // The practice system adds the patient through the API; nobody reloads the page.
        using var admin = browser.Admin();
        (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients", new { id = "p99", firstName = "Livia", lastName = "Live" })).EnsureSuccessStatusCode();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Live, Livia" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Patient_ThreadUpdatesLive_WhenAColleagueLogsACall()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "hyg");
        await page.GotoAsync("/#/patient/p01");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Anna Nowak" })).ToBeVisibleAsync();
        await Expect(page.Locator("body[data-live='on']")).ToHaveCountAsync(1);

        using var admin = browser.Admin();
        (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/p01/calls", new { outcome = "noAnswer", note = "left no message", by = "Marek Manager" })).EnsureSuccessStatusCode();

        await Expect(page.Locator(".thread")).ToContainTextAsync("by Marek Manager");
    }

    [Fact]
    public async Task Patient_AChangeElsewhere_WhileAReplyIsBeingWritten_KeepsTheDraftAndOffersTheRefresh()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/patient/p02");
        await Expect(page.Locator("body[data-live='on']")).ToHaveCountAsync(1);
        var reply = page.GetByRole(AriaRole.Textbox, new() { Name = "Reply by SMS" });
        await reply.FillAsync("Tak, czwartek o 16:30 jest wolny.");

        using var admin = browser.Admin();
        (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/p02/calls", new { outcome = "noAnswer", by = "Marek Manager" })).EnsureSuccessStatusCode();

        var notice = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "This patient changed elsewhere" });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(reply).ToHaveValueAsync("Tak, czwartek o 16:30 jest wolny.");
        await notice.GetByRole(AriaRole.Button, new() { Name = "Show the changes" }).ClickAsync();
        await Expect(page.Locator(".thread")).ToContainTextAsync("by Marek Manager");
    }
}
