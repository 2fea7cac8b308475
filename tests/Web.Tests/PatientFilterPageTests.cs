using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

/// <summary>The patients list's insurance and recall-required filters, and the insurance flag on a row.</summary>
[Collection(BrowserSuite.Name)]
public sealed class PatientFilterPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Patients_FilterByInsuranceAndRecallRequired_FlagsTheRows()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        using (var admin = browser.Admin())
        {
            // Today is 2026-11-22: Anna's policy ended yesterday, Piotr's runs into next year; the other ten have none.
            foreach (var (id, validTo) in new[] { ("p01", "2026-11-21"), ("p04", "2027-06-30") })
            {
                (await admin.PutAsJsonAsync($"/clinics/{clinic.Id}/patients/{id}/insurance", new
                {
                    insurer = "PZU", plan = "Dental Plus", memberId = "M-" + id, validFrom = "2026-01-01", validTo,
                })).EnsureSuccessStatusCode();
            }
        }

        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/patients");
        var rows = page.Locator("table.list tbody tr");
        await Expect(rows).ToHaveCountAsync(12);

        await page.GetByLabel("Insurance").SelectOptionAsync("expired");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Locator(".flag.warn")).ToHaveTextAsync("insurance expired");
        await Expect(rows).ToContainTextAsync("Nowak, Anna");
        await page.GetByLabel("Insurance").SelectOptionAsync("valid");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Locator(".flag.ok")).ToHaveTextAsync("insured to 2027-06-30");
        await page.GetByLabel("Insurance").SelectOptionAsync("missing");
        await Expect(rows).ToHaveCountAsync(10);

        // The four red patients are in outreach (their recall notice went out): "recall required".
        await page.GetByLabel("Insurance").SelectOptionAsync("");
        await page.GetByLabel("Recall required").CheckAsync();
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(page.Locator("tbody .badge.red")).ToHaveCountAsync(4);
        await Expect(rows.Locator(".flag", new() { HasText = "recall required" })).ToHaveCountAsync(4);
    }
}
