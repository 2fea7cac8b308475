using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class PatientImportPageTests(BrowserFixture browser)
{
    static PatientImportPageTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task TheFrontDesk_ImportsAnExcelCsv_AndSeesEachProblemWithItsLine()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GotoAsync("/#/patients");
        await Expect(page.Locator("table.list tbody tr")).ToHaveCountAsync(12);

        await page.GetByText("Import patients from CSV").ClickAsync();
        var csv = Encoding.GetEncoding(1250).GetBytes(
            "id;firstName;lastName;phone;email\r\nimp1;Łucja;Wiśniewska;601 234 567;\r\nimp2;Jan;Zając;601 23;jan@example.com\r\nimp3;Ewa;Lis;12;\r\n");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "eksport.csv", MimeType = "text/csv", Buffer = csv });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        var report = page.Locator(".import-report");
        await Expect(report).ToContainTextAsync("2 of 3 rows imported (read as windows-1250, separated by ';')");
        await Expect(report.Locator("table").First.Locator("tbody tr")).ToHaveTextAsync(new Regex("^4\\s*imp3\\s*phone"));
        await Expect(report.Locator("table").Nth(1).Locator("tbody tr")).ToContainTextAsync("imp2");
        await page.GetByLabel("Search").FillAsync("Wiśniewska");
        await Expect(page.Locator(".results table.list tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".results table.list tbody tr")).ToContainTextAsync("+48601234567");
    }

    [Fact]
    public async Task AHygienist_HasNoImport()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "hyg");
        await page.GotoAsync("/#/patients");

        await Expect(page.Locator("table.list tbody tr")).ToHaveCountAsync(12);
        await Expect(page.GetByText("Import patients from CSV")).ToHaveCountAsync(0);
    }
}
