using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

/// <summary>The reports page: the daily, 30-day and monthly reports as figures, SVG charts and tables, their CSV, and who may open them.</summary>
[Collection(BrowserSuite.Name)]
public sealed class ReportsPageTests(BrowserFixture browser)
{
    // TestClinic's colours (today 2026-11-22): four red (overdue) and four yellow (due within 30 days).
    private const int Overdue = 4;
    private const int ToContact = 8;

    [Fact]
    public async Task Reports_Manager_SeesTheThreeReportsWithCharts_AndDownloadsTheCsv()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        await BookHygieneVisitAsync(clinic, "p03", "2026-11-23"); // p03 is black: booking it leaves the 30-day list as it was.
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "manager");
        await page.GotoAsync("/#/reports");

        // Daily: today (a Sunday) has no visits; Monday has the one booked.
        var daily = page.Locator("#panel-daily");
        await Expect(daily.Locator(".empty")).ToHaveTextAsync("No recall visits booked on this day.");
        await Expect(Figure(daily, "Recall visits booked from this day on")).ToHaveTextAsync("1");
        await daily.GetByLabel("Day").FillAsync("2026-11-23");
        await daily.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(daily.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", "Recall visits by hour on 2026-11-23");
        await Expect(daily.Locator("table.list tbody tr")).ToContainTextAsync("Ewa Wójcik");
        Assert.Equal("date,time,patientId,patientName,visitType,recallType,status", await DownloadFirstLineAsync(page, daily));
        Assert.EndsWith("#/reports/daily/2026-11-23", page.Url, StringComparison.Ordinal);

        // Next 30 days: the numbers TestClinic's due colours predict.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Next 30 days" }).ClickAsync();
        var due = page.Locator("#panel-due");
        await Expect(Figure(due, "Total to contact")).ToHaveTextAsync($"{ToContact}");
        await Expect(Figure(due, "Overdue (due by today)")).ToHaveTextAsync($"{Overdue}");
        await Expect(due.Locator("svg[role=img] > title")).ToContainTextAsync("Patients due per day");
        await Expect(due.Locator("table.list tbody tr")).ToHaveCountAsync(ToContact);
        Assert.Equal("patientId,patientName,recallType,dueDate,status,overdue,phone,email", await DownloadFirstLineAsync(page, due));
        await Screenshots.SaveAsync(page, "reports");

        // Monthly: this month's outreach (the red patients' notices).
        await page.GetByRole(AriaRole.Tab, new() { Name = "Monthly" }).ClickAsync();
        var monthly = page.Locator("#panel-monthly");
        await Expect(monthly.GetByLabel("Month")).ToHaveValueAsync("2026-10"); // The API's default: last month.
        await monthly.GetByLabel("Month").FillAsync("2026-11");
        await monthly.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(monthly.Locator("table.figures caption")).ToContainTextAsync("November 2026");
        await Expect(monthly.Locator("svg[role=img]").First).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Recall outcomes in November 2026"));
        Assert.Equal("month,channel,outcome,attempts,delivered,undelivered", await DownloadFirstLineAsync(page, monthly));
    }

    [Fact]
    public async Task Reports_BadMonthInTheAddress_ShowsTheProblemNextToTheMonthField()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "manager");

        await page.GotoAsync("/#/reports/monthly/2026-13");

        var monthly = page.Locator("#panel-monthly");
        await Expect(monthly.Locator("[data-field=month] .field-error")).ToContainTextAsync("'2026-13' is not a month such as 2026-10.");
        await Expect(monthly.GetByLabel("Month")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(monthly.Locator(".problem")).ToBeVisibleAsync();
        await Expect(monthly.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Reports_FrontDesk_IsNotAllowed()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");

        await page.GotoAsync("/#/reports");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Expect(page.Locator("svg.chart")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Reports_AtPhoneWidth_ChartsFitWithoutSidewaysScroll()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync(390, 844);
        await using var context = page.Context;
        await clinic.SignInAsync(page, "manager");

        await page.GotoAsync("/#/reports/due");

        var chart = page.Locator("#panel-due svg[role=img]");
        await Expect(chart).ToBeVisibleAsync();
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 200 and <= 390 }, $"The chart is {box?.Width}px wide at phone width.");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page scrolls sideways at phone width ({width}px).");
        await Screenshots.SaveAsync(page, "reports-phone", fullPage: false);
    }

    private static ILocator Figure(ILocator panel, string label) =>
        panel.Locator("table.figures tr").Filter(new() { Has = panel.Page.GetByRole(AriaRole.Rowheader, new() { Name = label, Exact = true }) }).Locator("td");

    private static async Task<string> DownloadFirstLineAsync(IPage page, ILocator panel)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => panel.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync() ?? "";
    }

    /// <summary>A chair and a hygiene visit type, and the patient booked into the day's first slot (as the booking page would).</summary>
    private async Task BookHygieneVisitAsync(TestClinic clinic, string patientId, string day)
    {
        using var admin = browser.Admin();
        (await admin.PutAsJsonAsync($"/clinics/{clinic.Id}/schedule/setup", new
        {
            visitTypes = new[] { new { id = "hygiene-60", name = "Hygiene visit", durationMinutes = 60, resourceKinds = new[] { "chair" }, recallType = "hygiene" } },
            resources = new[] { new { id = "chair-1", name = "Chair 1", kind = "chair", hours = new[] { new { day = "monday", from = "08:00", to = "16:00" } } } },
        })).EnsureSuccessStatusCode();
        var slots = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/schedule/slots?visitType=hygiene-60&from={day}&days=1");
        (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/{patientId}/appointments", new
        {
            visitTypeId = "hygiene-60", start = slots[0].GetProperty("start").GetString(), by = "reception",
        })).EnsureSuccessStatusCode();
    }
}
