using Recall.Api.Webhooks.Twilio;
using Recall.Silo.Tests.TestGrains;

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

    private const string Url = "https://example.com/myapp.php?foo=1&bar=2";

    /// <summary>The test vector from Twilio's documentation (messaging.md), which the test signer must meet too.</summary>
    [Fact]
    public void IsValid_DocumentationVector_True()
    {
        Assert.Equal("L/OH5YylLD5NRKLltdqwSvS0BnU=", TwilioRequestSigner.Sign("12345", Url, DocumentationParameters));
        Assert.True(TwilioSignature.IsValid("12345", Url, DocumentationParameters, "L/OH5YylLD5NRKLltdqwSvS0BnU="));
    }

    [Fact]
    public void IsValid_UrlSignedWithDefaultPort_True() =>
        Assert.True(TwilioSignature.IsValid("12345", Url, DocumentationParameters,
            TwilioRequestSigner.Sign("12345", "https://example.com:443/myapp.php?foo=1&bar=2", DocumentationParameters)));

    [Fact]
    public void IsValid_UrlWithAnotherPort_True()
    {
        const string local = "http://127.0.0.1:5081/webhooks/twilio/status?outbox=7";

        Assert.True(TwilioSignature.IsValid("12345", local, DocumentationParameters, TwilioRequestSigner.Sign("12345", local, DocumentationParameters)));
    }

    [Fact]
    public void IsValid_ParameterChanged_False() =>
        Assert.False(TwilioSignature.IsValid("12345", Url,
            [.. DocumentationParameters.Where(p => p.Key != "Digits"), new("Digits", "9999")], "L/OH5YylLD5NRKLltdqwSvS0BnU="));

    [Fact]
    public void IsValid_WrongToken_False() =>
        Assert.False(TwilioSignature.IsValid("54321", Url, DocumentationParameters, "L/OH5YylLD5NRKLltdqwSvS0BnU="));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-signature")]
    public void IsValid_MissingOrWrongSignature_False(string? signature) =>
        Assert.False(TwilioSignature.IsValid("12345", Url, DocumentationParameters, signature));

    [Fact]
    public void IsValid_RepeatedNames_SignedOncePerValueInOrder()
    {
        KeyValuePair<string, string>[] repeated = [new("A", "2"), new("B", "x"), new("A", "1")];
        var signature = TwilioRequestSigner.Sign("t", "https://x.test/h", repeated);

        Assert.True(TwilioSignature.IsValid("t", "https://x.test/h", repeated, signature));
        Assert.True(TwilioSignature.IsValid("t", "https://x.test/h", [new("A", "1"), new("A", "2"), new("B", "x")], signature));
        Assert.False(TwilioSignature.IsValid("t", "https://x.test/h", [new("A", "1"), new("B", "x")], signature));
    }
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
