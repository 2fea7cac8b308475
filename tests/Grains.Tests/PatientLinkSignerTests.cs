using System.Security.Cryptography;
using Recall.Grains.PatientLinks;

namespace Recall.Grains.Tests;

/// <summary>Patient links: what a token says is what was signed, until it expires; any change to it, or another key, makes it nobody's.</summary>
public sealed class PatientLinkSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly PatientLinkSigner Signer = new(RandomNumberGenerator.GetBytes(32));
    private static readonly PatientLink Link = new("smile", "p-17", LinkPurpose.Appointment, Now.AddDays(3), "a42");

    [Fact]
    public void Read_ASignedLink_GivesItBack_UntilItExpires()
    {
        var token = Signer.Sign(Link);

        Assert.Equal(new LinkCheck(LinkState.Valid, Link), Signer.Read(token, Now));
        Assert.Equal(new LinkCheck(LinkState.Expired, Link), Signer.Read(token, Link.Expires));
        Assert.True(token.Length < 80, $"A link in an SMS stays short: {token.Length} characters.");
    }

    [Fact]
    public void Read_AnyCharacterChanged_IsInvalid()
    {
        var token = Signer.Sign(Link);
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'Q' ? 'R' : 'Q') + token[(i + 1)..];
            Assert.Equal(LinkState.Invalid, Signer.Read(changed, Now).State);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".")]
    [InlineData("!!!.???")]
    public void Read_Garbage_IsInvalid(string? token) => Assert.Equal(LinkCheck.Invalid, Signer.Read(token, Now));

    [Fact]
    public void Read_AnotherDeploymentsKey_IsInvalid()
    {
        var other = new PatientLinkSigner(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(LinkState.Invalid, other.Read(Signer.Sign(Link), Now).State);
    }

    [Fact]
    public void Sign_AShortKeyOrASeparatorInAField_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new PatientLinkSigner(new byte[16]));
        Assert.Throws<ArgumentException>(() => Signer.Sign(Link with { PatientId = "p|1" }));
    }
}
