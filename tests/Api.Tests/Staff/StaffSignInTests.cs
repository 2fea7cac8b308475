using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recall.Api.Tests.Staff;

public sealed class StaffSignInTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task SetUp_WithAdminKey_CreatesClinicAndFirstAdminAndSignsIn_OnceOnly()
    {
        var clinicId = "s-" + Guid.NewGuid().ToString("N")[..10];
        using var browser = factory.CreateClient();
        browser.UseCsrfToken(await browser.GetFromJsonAsync<JsonElement>("/staff/session"));
        object SetUp(string adminKey) => new
        {
            adminKey, clinicId, clinicName = "Smile Dental", timeZone = "Europe/Warsaw", userName = "boss", displayName = "The Boss", password = StaffSessions.Password,
        };

        var wrongKey = await browser.PostAsJsonAsync("/staff/setup", SetUp("not-the-admin-key-at-all-0000"));
        await wrongKey.ProblemAsync(HttpStatusCode.Forbidden);

        var done = await browser.PostAsJsonAsync("/staff/setup", SetUp(RecallApiFactory.AdminKey));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var session = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal("admin", session.GetProperty("role").GetString());
        Assert.Contains("manageStaff", session.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        browser.UseCsrfToken(session);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/clinics/{clinicId}/staff")).StatusCode);

        var again = await browser.PostAsJsonAsync("/staff/setup", SetUp(RecallApiFactory.AdminKey));
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task SetUp_BadUserName_400NamesIt_AndCreatesNoClinic()
    {
        using var browser = factory.CreateClient();
        browser.UseCsrfToken(await browser.GetFromJsonAsync<JsonElement>("/staff/session"));
        var clinicId = "nouser-" + Guid.NewGuid().ToString("N")[..8];

        var response = await browser.PostAsJsonAsync("/staff/setup", new
        {
            adminKey = RecallApiFactory.AdminKey, clinicId, clinicName = "Smile", timeZone = "Europe/Warsaw", userName = "a\u0001b", displayName = "Boss", password = StaffSessions.Password,
        });

        Assert.Equal(["userName"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
        using var admin = factory.Admin();
        await (await admin.GetAsync($"/clinics/{clinicId}")).ProblemAsync(HttpStatusCode.NotFound); // Found by the OpenAPI property test: the clinic was made first.
    }

    [Fact]
    public async Task SetUp_WeakPassword_400NamesTheField()
    {
        using var browser = factory.CreateClient();
        browser.UseCsrfToken(await browser.GetFromJsonAsync<JsonElement>("/staff/session"));

        var response = await browser.PostAsJsonAsync("/staff/setup", new
        {
            adminKey = RecallApiFactory.AdminKey, clinicId = "weak-" + Guid.NewGuid().ToString("N")[..8], userName = "boss", displayName = "Boss", password = "short",
        });

        Assert.Equal(["password"], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Fields());
    }

    [Fact]
    public async Task SignIn_WrongPassword_401_SameAsUnknownUser_AndFiveLockTheAccountUntilTheLockoutEnds()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "anna", "frontDesk");
        using var browser = factory.CreateClient();

        var unknown = await (await browser.SignInAsync(clinicId, "nobody", "whatever password")).ProblemAsync(HttpStatusCode.Unauthorized);
        for (var i = 1; i < 5; i++)
        {
            var wrong = await (await browser.SignInAsync(clinicId, "anna", "wrong password " + i)).ProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(unknown.GetProperty("title").GetString(), wrong.GetProperty("title").GetString());
        }

        var fifth = await browser.SignInAsync(clinicId, "anna", "wrong password 5");
        await fifth.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromMinutes(15), fifth.Headers.RetryAfter?.Delta);
        // Even the right password waits for the lockout to end.
        await (await browser.SignInAsync(clinicId, "anna", StaffSessions.Password)).ProblemAsync(HttpStatusCode.TooManyRequests);

        using var admin = factory.Admin();
        (await admin.PostAsJsonAsync("/admin/clock/advance", new { minutes = 16 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(clinicId, "anna", StaffSessions.Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutCsrfToken_403()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "anna", "frontDesk");
        using var browser = factory.CreateClient();

        var response = await browser.PostAsJsonAsync("/staff/sign-in", new { clinicId, userName = "anna", password = StaffSessions.Password });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "anna", "frontDesk");
        using var browser = await factory.SignInAsync(clinicId, "anna");

        (await browser.PostAsync("/staff/sign-out", null)).EnsureSuccessStatusCode();

        await (await browser.GetAsync($"/clinics/{clinicId}/patients")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False((await browser.GetFromJsonAsync<JsonElement>("/staff/session")).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task RoleChange_EndsTheUsersSessionsAtOnce()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "anna", "officeManager");
        using var browser = await factory.SignInAsync(clinicId, "anna");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/clinics/{clinicId}/patients")).StatusCode);

        using var admin = factory.Admin();
        (await admin.PutAsJsonAsync($"/clinics/{clinicId}/staff/anna", new { role = "frontDesk" })).EnsureSuccessStatusCode();

        await (await browser.GetAsync($"/clinics/{clinicId}/patients")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LastAdmin_CannotBeDisabled_409()
    {
        var (clinicId, _) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "boss", "admin");
        using var admin = factory.Admin();

        var response = await admin.PutAsJsonAsync($"/clinics/{clinicId}/staff/boss", new { disabled = true });

        await response.ProblemAsync(HttpStatusCode.Conflict);
    }
}
