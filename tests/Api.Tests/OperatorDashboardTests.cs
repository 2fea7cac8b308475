using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Recall.Api.Tests.Staff;

namespace Recall.Api.Tests;

/// <summary>The Orleans Dashboard at /dashboard: operators only, and nothing of any patient.</summary>
public sealed class OperatorDashboardTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task Dashboard_WithoutAKey_401_AsksTheBrowserForTheAdminKey()
    {
        using var anonymous = factory.CreateClient();

        var response = await anonymous.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic realm=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/ClusterStats")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_ClinicKeyOrStaffSession_403()
    {
        var (clinicId, clinic) = await factory.CreateClinicAsync();
        await factory.AddStaffAsync(clinicId, "boss", "admin");
        using var staffAdmin = await factory.SignInAsync(clinicId, "boss");

        Assert.Equal(HttpStatusCode.Forbidden, (await clinic.GetAsync("/dashboard/ClusterStats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staffAdmin.GetAsync("/dashboard/ClusterStats")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_AdminKey_AsBearerOrBasicPassword_ShowsTheCluster()
    {
        using var bearer = factory.Admin();
        using var basic = factory.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{RecallApiFactory.AdminKey}")));

        var page = await basic.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var stats = await bearer.GetAsync("/dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal("application/json", stats.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_WrongBasicPassword_401()
    {
        using var basic = factory.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:guess")));

        Assert.Equal(HttpStatusCode.Unauthorized, (await basic.GetAsync("/dashboard/")).StatusCode);
    }

    [Theory]
    [InlineData("/dashboard/GrainState?grainId=demo/p1&grainType=Recall.Grains.Patients.PatientGrain")]
    [InlineData("/dashboard/Reminders")]
    [InlineData("/dashboard/Reminders/1")]
    [InlineData("/dashboard/Trace")]
    public async Task Dashboard_ViewsOfGrainStateKeysOrLogs_404_EvenForTheOperator(string path)
    {
        using var admin = factory.Admin();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(path)).StatusCode);
    }
}
