using Recall.Api.Webhooks.Twilio;

namespace Recall.Api.Tests.Webhooks;

public sealed class TwilioSignatureTests
{
    private static readonly KeyValuePair<string, string>[] DocumentationParameters =
    [
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("From", "+14158675310"),
        new("Caller", "+14158675310"),
        new("CallSid", "CA1234567890ABCDE"),
    ];

    /// <summary>The test vector from Twilio's documentation (messaging.md).</summary>
    [Fact]
    public void Compute_DocumentationVector_Matches() =>
        Assert.Equal("L/OH5YylLD5NRKLltdqwSvS0BnU=", TwilioSignature.Compute("12345", "https://example.com/myapp.php?foo=1&bar=2", DocumentationParameters));

    [Fact]
    public void IsValid_DocumentationVector_True() =>
        Assert.True(TwilioSignature.IsValid("12345", "https://example.com/myapp.php?foo=1&bar=2", DocumentationParameters, "L/OH5YylLD5NRKLltdqwSvS0BnU="));

    [Fact]
    public void IsValid_UrlSignedWithDefaultPort_True() =>
        Assert.True(TwilioSignature.IsValid("12345", "https://example.com/myapp.php?foo=1&bar=2", DocumentationParameters,
            TwilioSignature.Compute("12345", "https://example.com:443/myapp.php?foo=1&bar=2", DocumentationParameters)));

    [Fact]
    public void IsValid_ParameterChanged_False() =>
        Assert.False(TwilioSignature.IsValid("12345", "https://example.com/myapp.php?foo=1&bar=2",
            [.. DocumentationParameters.Where(p => p.Key != "Digits"), new("Digits", "9999")], "L/OH5YylLD5NRKLltdqwSvS0BnU="));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-signature")]
    public void IsValid_MissingOrWrongSignature_False(string? signature) =>
        Assert.False(TwilioSignature.IsValid("12345", "https://example.com/myapp.php?foo=1&bar=2", DocumentationParameters, signature));

    [Fact]
    public void Compute_RepeatedNames_SortedByValue() =>
        Assert.Equal(
            TwilioSignature.Compute("t", "https://x.test/h", [new("A", "1"), new("A", "2")]),
            TwilioSignature.Compute("t", "https://x.test/h", [new("A", "2"), new("A", "1")]));
}

public sealed class TwilioOptionsTests
{
    [Theory]
    [InlineData("https://recall.example.com", "https://recall.example.com/")]
    [InlineData("https://clinic.example.com/recall", "https://clinic.example.com/recall/")]
    [InlineData("https://clinic.example.com/recall/", "https://clinic.example.com/recall/")]
    public void PublicBaseUrl_KeepsItsPath(string configured, string expected)
    {
        var options = new TwilioOptions { PublicBaseUrl = new Uri(configured) };

        Assert.Equal(expected, options.PublicBaseUrl!.ToString());
        Assert.Equal(expected + "webhooks/twilio/status?outbox=1", new Uri(options.PublicBaseUrl, "webhooks/twilio/status?outbox=1").ToString());
    }
}
