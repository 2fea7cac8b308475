using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class PatientPrivacyPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheAdmin_DownloadsAPatientsData_ThenErasesThem()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "admin");
        await page.GotoAsync("/#/patient/p03");
        var privacy = page.GetByRole(AriaRole.Region, new() { Name = "Data protection" });

        var download = await page.RunAndWaitForDownloadAsync(() => privacy.GetByRole(AriaRole.Link, new() { Name = "download as JSON" }).ClickAsync());
        using var export = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal("Wójcik", export.RootElement.GetProperty("patient").GetProperty("profile").GetProperty("lastName").GetString());

        await privacy.GetByLabel("Type p03 to erase this patient").FillAsync("p3");
        await privacy.GetByRole(AriaRole.Button, new() { Name = "Erase this patient" }).ClickAsync();
        await Expect(privacy.GetByLabel("Type p03 to erase this patient")).ToHaveAttributeAsync("aria-invalid", "true");
        await privacy.GetByLabel("Type p03 to erase this patient").FillAsync("p03");
        await privacy.GetByRole(AriaRole.Button, new() { Name = "Erase this patient" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patients" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.list tbody tr")).ToHaveCountAsync(11);
        await Expect(page.Locator("table.list tbody")).Not.ToContainTextAsync("Wójcik");
    }

    [Fact]
    public async Task TheFrontDesk_SeesNoDataProtectionSection()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/patient/p03");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ewa Wójcik" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Data protection" })).ToHaveCountAsync(0);
    }
}
