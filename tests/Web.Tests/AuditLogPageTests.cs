using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class AuditLogPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheAdmin_SeesWhoOpenedAPatientsRecord_AndCanDownloadTheLog()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var desk = await browser.NewPageAsync();
        await using (desk.Context)
        {
            await clinic.SignInAsync(desk, "desk");
            await desk.GotoAsync("/#/patients");
            await desk.GetByRole(AriaRole.Link, new() { Name = "Kowalski, Jan" }).ClickAsync();
            await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Jan Kowalski" })).ToBeVisibleAsync();
        }

        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "admin");
        await page.GotoAsync("/#/settings/audit");
        var audit = page.Locator("#settings-audit");
        await audit.GetByLabel("Who").FillAsync("staff:desk");
        await audit.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var opened = audit.Locator("tbody tr", new() { HasText = "GET /patients/{patientId}" }).First;
        await Expect(opened).ToContainTextAsync("staff:desk");
        await Expect(audit.Locator("tbody tr", new() { HasText = "signed in" })).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => audit.GetByRole(AriaRole.Link, new() { Name = "Download all as CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("id,at,actor,action,patientId,detail", csv, StringComparison.Ordinal);
        Assert.Contains("staff:desk,GET /patients/{patientId}", csv, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "settings-audit");
    }

    [Fact]
    public async Task TheFrontDesk_HasNoAuditLog()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/settings");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToHaveCountAsync(0);
    }
}
