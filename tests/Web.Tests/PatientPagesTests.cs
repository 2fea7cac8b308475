using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Recall.Api.PatientPages;
using Recall.Grains.PatientLinks;
using static Microsoft.Playwright.Assertions;

namespace Recall.Web.Tests;

/// <summary>
/// The patient's own pages on a phone-sized screen: booking the recall visit from a signed link,
/// moving and cancelling it, in every language; a tampered link shows nothing, an expired one offers a
/// new link by SMS to the number on file.
/// </summary>
[Collection(BrowserSuite.Name)]
public sealed class PatientPagesTests(BrowserFixture browser)
{
    private PatientLinks Links => browser.Factory.Services.GetRequiredService<PatientLinks>();

    private DateTimeOffset Now => browser.Factory.Now;

    [Fact]
    public async Task BookingLink_OnAPhone_BooksMovesAndCancelsTheVisit()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await PhoneAsync();
        await using var context = page.Context;

        await page.GotoAsync(Path(Links.BookingUrl(clinic.Id, "p01", Now)));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "pl"); // Anna's language.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Umów wizytę");
        await Expect(page.Locator("header")).ToHaveTextAsync("Smile Dental");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Book your visit");
        await Expect(page.Locator("main")).ToContainTextAsync("Hello Anna, it is time for your Hygiene recall.");
        await Screenshots.SaveAsync(page, "patient-book");

        await page.GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("You are booked");
        await Expect(page.Locator("main")).ToContainTextAsync("Your Hygiene visit is on Monday, 23 November 2026 at 08:00.");
        using var admin = browser.Admin();
        var booked = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01/appointments")).EnumerateArray().Single();
        Assert.Equal(("booked", "patient (own link)"), (booked.GetProperty("status").GetString(), booked.GetProperty("by").GetString()));

        // The same booking link again shows the booking, not a second set of slots.
        await page.GotoAsync(Path(Links.BookingUrl(clinic.Id, "p01", Now)) + "?lang=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("You are booked");

        await page.GetByRole(AriaRole.Link, new() { Name = "Change or cancel the appointment" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your appointment");
        await Screenshots.SaveAsync(page, "patient-appointment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to" }).Nth(1).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Moved: your Hygiene visit is now on");
        var moved = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01/appointments")).EnumerateArray().Single();
        Assert.NotEqual(booked.GetProperty("start").GetString(), moved.GetProperty("start").GetString());

        await page.GotoAsync(Path(Links.AppointmentUrl(clinic.Id, "p01", moved.GetProperty("id").GetString()!, moved.GetProperty("start").GetDateTimeOffset())) + "?lang=en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the appointment" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("The appointment is cancelled.");
        var cancelled = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01/appointments")).EnumerateArray().Single();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await page.ReloadAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("This appointment is no longer booked.");
    }

    [Fact]
    public async Task OptOutLink_StopsEmail_ThenTexts_AndStaffSeeIt()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await PhoneAsync();
        await using var context = page.Context;

        await page.GotoAsync(Path(Links.OptOutUrl(clinic.Id, "p03", Now)) + "?lang=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Stop messages");
        await Screenshots.SaveAsync(page, "patient-opt-out");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop emails" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Done: we will not email you any more.");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop text messages" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Done: we will not text you any more.");

        using var admin = browser.Admin();
        Assert.NotEqual(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p03")).GetProperty("emailOptedOutAt").ValueKind);
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/phones/%2B48601000003")).GetProperty("optedOut").GetBoolean());

        var staff = await browser.NewPageAsync();
        await using var staffContext = staff.Context;
        await clinic.SignInAsync(staff, "desk");
        await staff.GotoAsync("/#/patient/p03");
        await Expect(staff.Locator("main")).ToContainTextAsync("SMS to +48601000003: opted out (STOP).");
        await Expect(staff.Locator("main")).ToContainTextAsync("Email: opted out on");
    }

    [Fact]
    public async Task PreRegistration_AsksWhatTheClinicSet_MarksWrongFields_AndStaffSeeTheAnswers()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var staff = await browser.NewPageAsync();
        await using var staffContext = staff.Context;
        await clinic.SignInAsync(staff, "admin");
        await staff.GotoAsync("/#/settings/pre-registration");
        var settings = staff.Locator("#settings-pre-registration");
        await settings.GetByLabel("Insurance").UncheckAsync();
        await settings.GetByLabel("Consent to tick").FillAsync("I agree that Smile Dental keeps my answers for my care.");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save pre-registration" }).ClickAsync();
        await Expect(staff.Locator("#status")).ToHaveTextAsync("Pre-registration saved.");

        using var admin = browser.Admin();
        var slots = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/schedule/slots?visitType=hygiene-60&from=2026-11-24&days=1");
        var booked = await (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/p01/appointments",
            new { visitTypeId = "hygiene-60", start = slots[0].GetProperty("start").GetString() })).Content.ReadFromJsonAsync<JsonElement>();
        var page = await PhoneAsync();
        await using var context = page.Context;
        await page.GotoAsync(Path(Links.PreRegistrationUrl(clinic.Id, "p01", booked.GetProperty("id").GetString()!, booked.GetProperty("start").GetDateTimeOffset())) + "?lang=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Before your visit");
        await Expect(page.GetByLabel("Insurance company")).ToHaveCountAsync(0); // Not asked.
        await Expect(page.GetByLabel("Mobile phone")).ToHaveValueAsync("+48601000001");

        await page.GetByLabel("Mobile phone").FillAsync("12");
        await page.GetByLabel("Reason for the visit").FillAsync("My gums bleed when I brush.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Please check the marked fields.");
        await Expect(page.GetByLabel("Mobile phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#consent-error")).ToHaveTextAsync("Please tick this to go on.");
        await Expect(page.GetByLabel("Reason for the visit")).ToHaveValueAsync("My gums bleed when I brush."); // Nothing typed is lost.
        await Screenshots.SaveAsync(page, "patient-pre-registration");

        await page.GetByLabel("Mobile phone").FillAsync("601 000 099");
        await page.GetByLabel("I agree that Smile Dental keeps my answers for my care.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Thank you: we have your answers for the visit on Tuesday, 24 November 2026.");

        var patient = await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01");
        Assert.Equal("+48601000099", patient.GetProperty("profile").GetProperty("phone").GetString());
        await staff.GotoAsync("/#/patient/p01");
        var appointment = staff.Locator($"li.appointment[data-appointment='{booked.GetProperty("id").GetString()}']");
        await Expect(appointment.Locator(".pre-registration")).ToContainTextAsync("My gums bleed when I brush.");
        await Expect(appointment.Locator(".pre-registration")).ToContainTextAsync("Consentgiven");
    }

    [Fact]
    public async Task PortalMessage_WrittenByStaff_ReachesThePatientsPage_AndIsMarkedRead()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var staff = await browser.NewPageAsync();
        await using var staffContext = staff.Context;
        await clinic.SignInAsync(staff, "desk");
        await staff.GotoAsync("/#/patient/p03");
        await staff.GetByLabel("Message for the patient’s page").FillAsync("Your x-ray looks fine.\nSee you at the check-up.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send to the patient’s page" }).ClickAsync();
        await Expect(staff.Locator(".portal-messages li[data-read='no']")).ToContainTextAsync("not read yet");

        using var admin = browser.Admin();
        var notice = Assert.Single(await SentLinksAsync(admin, clinic.Id));
        var body = notice.GetProperty("body").GetString()!;
        Assert.DoesNotContain("x-ray", body, StringComparison.Ordinal); // The text stays behind the link.
        Assert.Equal("+48601000003", notice.GetProperty("recipient").GetString());

        var page = await PhoneAsync();
        await using var context = page.Context;
        await page.GotoAsync(Path(body[body.IndexOf("http", StringComparison.Ordinal)..]) + "?lang=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Messages from Smile Dental");
        await Expect(page.Locator("article.message")).ToContainTextAsync("Your x-ray looks fine.See you at the check-up.");
        await Expect(page.Locator("article.message .meta")).ToContainTextAsync("from Fiona Desk");
        await Screenshots.SaveAsync(page, "patient-messages");

        await staff.ReloadAsync();
        await Expect(staff.Locator(".portal-messages li[data-read='yes']")).ToContainTextAsync("read ");
    }

    [Fact]
    public async Task BookingForm_ATimeNotOffered_OrASecondTap_BooksNothingMore()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var link = Path(Links.BookingUrl(clinic.Id, "p01", Now));
        using var http = browser.Admin(); // A crafted form: no browser, no page.
        Task<HttpResponseMessage> Book(string start) =>
            http.PostAsync($"{link}/book", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = start, ["lang"] = "en" }));

        var sunday = await (await Book("2026-11-29T03:00:00+01:00")).Content.ReadAsStringAsync();
        Assert.Contains(PatientText.Get("en", "book.taken"), sunday, StringComparison.Ordinal);
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01/appointments")).GetArrayLength());

        var slots = await http.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01/slots?visitType=hygiene-60&days=14");
        var first = slots[0].GetProperty("start").GetString()!;
        var second = slots[1].GetProperty("start").GetString()!;
        Assert.Contains("You are booked", await (await Book(first)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("You are booked", await (await Book(second)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var booked = Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/clinics/{clinic.Id}/patients/p01/appointments")).EnumerateArray());
        Assert.Equal(DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture), booked.GetProperty("start").GetDateTimeOffset());
    }

    [Fact]
    public async Task ClinicColour_SetInSettings_HeadsThePatientsPages_AndAnUnreadableOneIsRefused()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var staff = await browser.NewPageAsync();
        await using var staffContext = staff.Context;
        await clinic.SignInAsync(staff, "admin");
        await staff.GotoAsync("/#/settings/clinic");
        var colour = staff.Locator("#settings-clinic").GetByLabel("Colour of the patients' pages");

        await colour.FillAsync("#ffff00");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save clinic" }).ClickAsync();
        await Expect(colour).ToHaveAttributeAsync("aria-invalid", "true");
        await colour.FillAsync("#7a1f5c");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save clinic" }).ClickAsync();
        await Expect(staff.Locator("#status")).ToHaveTextAsync("Settings saved.");

        var page = await PhoneAsync();
        await using var context = page.Context;
        await page.GotoAsync(Path(Links.BookingUrl(clinic.Id, "p01", Now)));
        Assert.Equal("rgb(122, 31, 92)", await page.Locator("header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
    }

    [Fact]
    public async Task EveryPage_InEveryLanguage_HasAllItsWords()
    {
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await PhoneAsync();
        await using var context = page.Context;
        var pages = new[]
        {
            Path(Links.BookingUrl(clinic.Id, "p01", Now)),
            Path(Links.OptOutUrl(clinic.Id, "p01", Now)),
            Path(Links.MessagesUrl(clinic.Id, "p01", Now)),
            Path(Links.Url(new PatientLink(clinic.Id, "p01", LinkPurpose.Book, Now.AddDays(-1)))), // expired
            "/p/not-a-link.at-all", // invalid
        };

        foreach (var language in PatientText.Languages)
        {
            foreach (var path in pages)
            {
                await page.GotoAsync($"{path}?lang={language}");
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                var text = await page.Locator("body").InnerTextAsync();
                Assert.DoesNotMatch(@"\{[a-zA-Z]+\}", text); // every hole filled
                Assert.Equal(PatientText.Get(language, "footer.language"), await page.Locator("footer nav").GetAttributeAsync("aria-label"));
            }
        }
    }

    [Fact]
    public async Task ATamperedLink_ShowsNothing_AnExpiredOne_TextsANewLinkToTheNumberOnFile()
    {
        var opened = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Meter.Name: PatientPageMetrics.Name, Name: "recall.patient_pages.opened" })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "recall.link.state")
                {
                    opened.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();
        var clinic = await TestClinic.CreateAsync(browser);
        var page = await PhoneAsync();
        await using var context = page.Context;

        var good = Path(Links.BookingUrl(clinic.Id, "p01", Now));
        var tampered = good[..^3] + (good[^3] == 'A' ? "B" : "A") + good[^2..];
        var response = await page.GotoAsync(tampered + "?lang=en");
        Assert.Equal(400, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("This link does not work");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Anna");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Smile Dental");

        // Jan's link with Anna's signature: a valid token's parts do not make another one.
        var anna = Links.Signer.Sign(new PatientLink(clinic.Id, "p01", LinkPurpose.Book, Now.AddDays(1)));
        var jan = Links.Signer.Sign(new PatientLink(clinic.Id, "p02", LinkPurpose.Book, Now.AddDays(1)));
        Assert.Equal(400, (await page.GotoAsync($"/p/{jan[..jan.IndexOf('.', StringComparison.Ordinal)]}{anna[anna.IndexOf('.', StringComparison.Ordinal)..]}"))!.Status);

        var expired = Path(Links.Url(new PatientLink(clinic.Id, "p01", LinkPurpose.Book, Now.AddMinutes(-1))));
        response = await page.GotoAsync(expired + "?lang=en");
        Assert.Equal(410, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("This link has expired");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Anna");
        await Screenshots.SaveAsync(page, "patient-expired");
        await page.GetByRole(AriaRole.Button, new() { Name = "Text me a new link" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("a new link is on its way");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Text me a new link" }).ClickAsync(); // Pressed again: no second text.

        using var admin = browser.Admin();
        var links = await SentLinksAsync(admin, clinic.Id);
        var sms = Assert.Single(links);
        Assert.Equal("+48601000001", sms.GetProperty("recipient").GetString());
        var fresh = sms.GetProperty("body").GetString()![sms.GetProperty("body").GetString()!.IndexOf("/p/", StringComparison.Ordinal)..];
        await page.GotoAsync(fresh + "?lang=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Book your visit");
        // Operators see guessing and stale links (going back may open the expired page once more).
        Assert.Equal(["invalid", "invalid", "expired"], opened.Take(3));
        Assert.Equal("valid", opened.Last());
    }

    /// <summary>The texts carrying a page link, once the outbox has sent the first (it goes at once, on its own dispatcher).</summary>
    private static async Task<List<JsonElement>> SentLinksAsync(HttpClient admin, string clinicId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var sent = (await admin.GetFromJsonAsync<JsonElement>($"/clinics/{clinicId}/outbox", timeout.Token)).EnumerateArray()
                .Where(m => m.GetProperty("body").GetString()!.Contains("/p/", StringComparison.Ordinal)).ToList();
            if (sent.Count > 0)
            {
                return sent;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private async Task<IPage> PhoneAsync() => await browser.NewPageAsync(width: 390, height: 844);

    /// <summary>The link's path: the page is opened on the test server, whatever public address the link was made for.</summary>
    private static string Path(string url) => new Uri(url).PathAndQuery;
}
