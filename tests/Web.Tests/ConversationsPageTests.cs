using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

[Collection(BrowserSuite.Name)]
public sealed class ConversationsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Conversation_Reply_SendsTheSmsAndLeavesTheList()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await clinic.SignInAsync(page, "desk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Conversations" }).ClickAsync();
        var card = page.Locator("article.conversation[data-patient='p02']");
        await Expect(card).ToContainTextAsync("Czy mogę przyjść w czwartek po 16?");
        await Screenshots.SaveAsync(page, "conversations");

        await card.GetByLabel("Reply to Jan").FillAsync("Tak, zapraszamy w czwartek o 16:30.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();

        await Expect(page.Locator(".conversations")).ToContainTextAsync("Nobody is waiting for an answer.");
        await page.GotoAsync("/#/patient/p02");
        var reply = page.Locator(".thread .msg.out").Filter(new() { HasText = "Tak, zapraszamy w czwartek o 16:30." });
        await Expect(reply).ToContainTextAsync("by Fiona Desk");
        using var admin = browser.Admin();
        var thread = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p02/messages");
        Assert.Contains(thread.EnumerateArray(), m => m.GetProperty("text").GetString() == "Tak, zapraszamy w czwartek o 16:30.");
    }
}
