using Microsoft.Playwright;
using Recall.Silo.Demo;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

/// <summary>The newcomer's path: run with --demo, open the app, sign in with the README's demo account, find work waiting.</summary>
[Collection(BrowserSuite.Name)]
public sealed class DemoClinicTests(BrowserFixture browser)
{
    [Fact]
    public async Task Demo_FrontDeskSignsInWithTheReadmeAccount_AndFindsTasksAndPatients()
    {
        await browser.Factory.Services.SeedDemoClinicAsync();
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync("/");
        await page.GetByLabel("Clinic", new() { Exact = true }).FillAsync(DemoClinic.Id);
        await page.GetByLabel("User name").FillAsync("desk");
        await page.GetByLabel("Password").FillAsync("demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#brand")).ToHaveTextAsync("Demo Dental");
        await Expect(page.Locator("li.task[data-step='remind']").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Patients" }).ClickAsync();
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("300 patients");
    }
}
