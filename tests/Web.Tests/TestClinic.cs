using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Recall.Grains.Hosting;
using Recall.Grains.Patients;
using Recall.Grains.Phones;

namespace Recall.Web.Tests;

/// <summary>
/// A clinic as a test needs it: one staff user per role, a bookable hygiene visit, a dozen patients
/// whose last visits put their hygiene recall in the red, yellow and black (the red ones are due, so
/// their recall tasks are out), and a patient's reply waiting for staff.
/// </summary>
public sealed record TestClinic(string Id)
{
    public const string Password = "correct horse battery staple";

    public static readonly (string UserName, string Role, string Name)[] Staff =
    [
        ("desk", "frontDesk", "Fiona Desk"),
        ("hyg", "hygienist", "Hanna Hygienist"),
        ("lead", "leadDentist", "Dr Lena Lead"),
        ("manager", "officeManager", "Marek Manager"),
        ("admin", "admin", "Ada Admin"),
    ];

    // Hygiene recall: last visit + 6 months + 1 day; "today" is 2026-11-22 at the clinic.
    private static readonly (string Id, string First, string Last, string Visit)[] Patients =
    [
        ("p01", "Anna", "Nowak", "2026-05-10"), // due 2026-11-11: red
        ("p02", "Jan", "Kowalski", "2026-06-01"), // due 2026-12-02: yellow; waits for a reply
        ("p03", "Ewa", "Wójcik", "2026-09-01"), // black
        ("p04", "Piotr", "Zieliński", "2026-05-25"), // yellow
        ("p05", "Maria", "Nowak", "2026-08-01"), // black
        ("p06", "Tomasz", "Lewandowski", "2026-04-02"), // red
        ("p07", "Agnieszka", "Kamińska", "2026-06-15"), // yellow
        ("p08", "Paweł", "Szymański", "2026-10-05"), // black
        ("p09", "Katarzyna", "Dąbrowska", "2026-03-20"), // red
        ("p10", "Michał", "Woźniak", "2026-07-10"), // black
        ("p11", "Sofia", "Andersson", "2026-05-30"), // yellow
        ("p12", "Lukas", "Müller", "2026-02-14"), // red
    ];

    public static async Task<TestClinic> CreateAsync(BrowserFixture fixture)
    {
        var clinic = new TestClinic("w-" + Guid.NewGuid().ToString("N")[..10]);
        using var admin = fixture.Admin();
        (await admin.PostAsJsonAsync("/clinics", new
        {
            id = clinic.Id,
            name = "Smile Dental",
            timeZone = "Europe/Warsaw",
            languages = new[] { "pl", "en" },
            openingHours = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(day => new { day, opens = "08:00", closes = "17:00" }),
            recallRules = new[] { new { type = "hygiene", name = "Hygiene recall", serviceCodes = new[] { "D1110" }, intervalMonths = 6, extraDays = 1 } },
        })).EnsureSuccessStatusCode();
        // One bookable visit type for the hygiene recall, on a chair with a hygienist, weekdays 08:00-16:00.
        var weekdays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(day => new { day, from = "08:00", to = "16:00" }).ToArray();
        (await admin.PutAsJsonAsync($"/clinics/{clinic.Id}/schedule/setup", new
        {
            visitTypes = new[] { new { id = "hygiene-60", name = "Hygiene visit", durationMinutes = 60, resourceKinds = new[] { "chair", "hygienist" }, recallType = "hygiene" } },
            resources = new[]
            {
                new { id = "chair-1", name = "Chair 1", kind = "chair", hours = weekdays },
                new { id = "hyg-1", name = "Ewa", kind = "hygienist", hours = weekdays },
            },
        })).EnsureSuccessStatusCode();
        foreach (var (userName, role, name) in Staff)
        {
            (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/staff", new { userName, displayName = name, role, password = Password })).EnsureSuccessStatusCode();
        }

        var number = 0;
        foreach (var (id, first, last, visit) in Patients)
        {
            number++;
            (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients", new
            {
                id, firstName = first, lastName = last, phone = $"+4860100{number:D4}", email = $"{id}@example.com", language = "pl",
            })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/clinics/{clinic.Id}/patients/{id}/visits", new { date = visit, serviceCodes = new[] { "D1110" } })).EnsureSuccessStatusCode();
        }

        // A reply the parser cannot read as yes or no: it waits for a person (as Twilio's inbound webhook would deliver it).
        await fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>($"{clinic.Id}/p02")
            .ReceiveSmsAsync(new InboundSms("SMweb0001", "Czy mogę przyjść w czwartek po 16?", RecallWebFactory.Start), SmsKeyword.None);
        return clinic;
    }

    /// <summary>Signs in through the sign-in page, as a person would.</summary>
    public async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Clinic", new() { Exact = true }).FillAsync(Id);
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(Staff.Single(s => s.UserName == userName).Name);
    }
}
