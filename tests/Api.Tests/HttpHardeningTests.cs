namespace Recall.Api.Tests;

/// <summary>The staff app's HTTP headers: HSTS over HTTPS, a strict Content-Security-Policy, no framing.</summary>
public sealed class HttpHardeningTests(RecallApiFactory factory) : IClassFixture<RecallApiFactory>
{
    [Fact]
    public async Task OverHttps_BrowsersAreToldToStayOnHttps_AndThePageCannotBeFramed()
    {
        using var https = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://recall.clinic.example") });
        using var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://recall.clinic.example") });

        var secure = await https.GetAsync("/");
        var plain = await http.GetAsync("/");

        Assert.Equal("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security")); // A browser ignores it over HTTP; it is never sent there.
        Assert.Contains("frame-ancestors 'none'", Assert.Single(secure.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", Assert.Single(secure.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }
}
