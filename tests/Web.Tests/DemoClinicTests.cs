using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Recall.Api.Admin;
using Recall.Grains.Patients;
using Recall.Grains.Queries;
using Recall.Grains.Reminders;
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
        var page = await SignInAsDeskAsync(DemoClinic.Id);
        await using var context = page.Context;

        await Expect(page.Locator("#brand")).ToHaveTextAsync("Demo Dental");
        await Expect(page.Locator("li.task[data-step='remind']").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Patients" }).ClickAsync();
        await Expect(page.Locator(".results .count")).ToHaveTextAsync("300 patients");
    }

    [Fact]
    public async Task VetDemo_OwnersHaveSeveralPets_SchedulesAreQueued_AndTheFrontDeskFindsTheSurgeryCalls()
    {
        var services = browser.Factory.Services;
        await services.SeedVetDemoClinicAsync();
        await services.SeedVetDemoClinicAsync(); // Seeded once: a second start changes nothing.
        // The follow-up calls fell due yesterday: their sends fire now (the reminder loop would within a second).
        await services.GetRequiredService<IClockControl>().AdvanceToAsync(browser.Factory.Now, CancellationToken.None);

        var queries = services.GetRequiredService<IRecallQueries>();
        var today = DateOnly.FromDateTime(browser.Factory.Now.UtcDateTime);
        var petsPerOwner = new List<int>();
        for (var owner = 1; owner <= 40; owner++)
        {
            petsPerOwner.Add((await queries.ListPatientsAsync(VetDemoClinic.Id, new PatientFilter(ResponsiblePartyId: $"owner-{owner:D2}"), today, CancellationToken.None)).Total);
        }

        var pets = (await queries.ListPatientsAsync(VetDemoClinic.Id, new PatientFilter(), today, CancellationToken.None)).Total;
        Assert.Equal(pets, petsPerOwner.Sum());
        Assert.All(petsPerOwner, count => Assert.InRange(count, 1, 3));
        Assert.Contains(1, petsPerOwner);
        Assert.True(petsPerOwner.Count(count => count > 1) >= 20, $"Most owners have several pets: {string.Join(", ", petsPerOwner)}");
        var scheduled = await queries.ListSendsAsync(VetDemoClinic.Id, new SendQueueFilter(State: SendState.Scheduled, Purpose: SendPurpose.Recall), CancellationToken.None);
        Assert.True(scheduled.Total > pets, $"Each pet's reminders wait in the send queue: {scheduled.Total} for {pets} pets.");
        var byEmail = await queries.ListSendsAsync(VetDemoClinic.Id, new SendQueueFilter(State: SendState.Scheduled, Channel: "email"), CancellationToken.None);
        Assert.InRange(byEmail.Total, 1, scheduled.Total - 1); // The schedules send by SMS and by email.

        foreach (var colour in Enum.GetValues<DueColour>())
        {
            Assert.True((await queries.ListPatientsAsync(VetDemoClinic.Id, new PatientFilter(Colour: colour), today, CancellationToken.None)).Total > 0, $"Some pets are {colour}.");
        }

        var page = await SignInAsDeskAsync(VetDemoClinic.Id);
        await using var context = page.Context;
        await Expect(page.Locator("#brand")).ToHaveTextAsync("Paws & Claws Vet");
        var calls = page.Locator("li.task[data-step='staff-reminder']");
        await Expect(calls).ToHaveCountAsync(2);
        await Expect(calls.First).ToContainTextAsync("Staff reminder");
        await Expect(calls.First.Locator(".reason")).ToHaveTextAsync("Call the owner: how is the pet two days after surgery?");
        await page.GetByRole(AriaRole.Link, new() { Name = "Patients" }).ClickAsync();
        await Expect(page.Locator(".results .count")).ToHaveTextAsync($"{pets} patients");
    }

    /// <summary>Signs in to the clinic as the README's front desk account.</summary>
    private async Task<IPage> SignInAsDeskAsync(string clinicId)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Clinic", new() { Exact = true }).FillAsync(clinicId);
        await page.GetByLabel("User name").FillAsync("desk");
        await page.GetByLabel("Password").FillAsync("demo-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }
}
