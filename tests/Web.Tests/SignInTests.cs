using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desk", false, false)]
    [InlineData("hyg", false, false)]
    [InlineData("lead", true, true)]
    [InlineData("manager", true, true)]
    [InlineData("admin", true, true)]
    public async Task SignIn_EachRole_SeesThePagesItsRoleMay(string userName, bool seesSettings, bool seesReports)
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await clinic.SignInAsync(page, userName);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Patients" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Conversations" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(seesSettings ? 1 : 0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Reports" })).ToHaveCountAsync(seesReports ? 1 : 0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "My worklist" })).ToHaveAttributeAsync("aria-current", "");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Booking" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheProblemAndStaysOnSignIn()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/");

        await page.GetByLabel("Clinic", new() { Exact = true }).FillAsync(clinic.Id);
        await page.GetByLabel("User name").FillAsync("desk");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "user name or password is wrong" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "sign-in");
    }

    [Fact]
    public async Task FrontDesk_DeniedSettings_PageAndTheApiBehindIt()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");

        await page.GotoAsync("/#/settings");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "denied");
        Assert.Equal(403, await page.EvaluateAsync<int>("async id => (await fetch(`/clinics/${id}/staff`)).status", clinic.Id));
        // Through the app's own client (session cookie and CSRF token): the role, not the token, is what stops it.
        var status = await page.EvaluateAsync<int>("""
            async id => {
              const { api } = await import('/js/api.js');
              try { await api(`/clinics/${id}/settings`, { method: 'PUT', body: { name: 'Mine', timeZone: 'Europe/Warsaw', languages: ['pl'], openingHours: [] } }); return 200; }
              catch (e) { return e.status; }
            }
            """, clinic.Id);
        Assert.Equal(403, status);
        var other = await TestClinic.CreateAsync(browser);
        Assert.Equal(404, await page.EvaluateAsync<int>("async id => (await fetch(`/clinics/${id}/patients`)).status", other.Id));
    }

    [Fact]
    public async Task SetUp_WithTheAdminKey_CreatesTheClinicsFirstAdmin_OnlyOnce()
    {
        var clinicId = "new-" + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/setup");

        await page.GetByLabel("Admin key").FillAsync(RecallWebFactory.AdminKey);
        await page.GetByLabel("Clinic id").FillAsync(clinicId);
        await page.GetByLabel("Clinic name (new clinic)").FillAsync("Bright Smile");
        await page.GetByLabel("Your name").FillAsync("Olga Owner");
        await page.GetByLabel("User name").FillAsync("olga");
        await page.GetByLabel("Password").FillAsync(TestClinic.Password);
        await Screenshots.SaveAsync(page, "setup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the admin and sign in" }).ClickAsync();

        await Expect(page.Locator("#who")).ToContainTextAsync("Olga Owner");
        await Expect(page.Locator("#brand")).ToHaveTextAsync("Bright Smile");
        using var admin = browser.Admin();
        var users = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/staff");
        Assert.Equal("admin", users[0].GetProperty("role").GetString());

        var again = await browser.NewPageAsync();
        await using var secondContext = again.Context;
        await again.GotoAsync("/setup");
        await again.GetByLabel("Admin key").FillAsync(RecallWebFactory.AdminKey);
        await again.GetByLabel("Clinic id").FillAsync(clinicId);
        await again.GetByLabel("Your name").FillAsync("Mallory");
        await again.GetByLabel("User name").FillAsync("mallory");
        await again.GetByLabel("Password").FillAsync(TestClinic.Password);
        await again.GetByRole(AriaRole.Button, new() { Name = "Create the admin and sign in" }).ClickAsync();
        await Expect(again.GetByRole(AriaRole.Alert).Filter(new() { HasText = "already set up" })).ToBeVisibleAsync();
    }
}
