using Recall.Grains.Clinics;
using Recall.Grains.Hosting;

namespace Recall.Grains.Tests;

/// <summary>A clinic's colour on its patients' pages: a #rrggbb that white text stays readable on (4.5:1).</summary>
public sealed class BrandColourTests
{
    [Theory]
    [InlineData("#12355b")] // the default navy, 12:1
    [InlineData("#7a1f5c")]
    [InlineData("#0b5cad")]
    public void Check_DarkEnoughColours_Pass(string colour) => Assert.False(Errors(colour).Any);

    [Theory]
    [InlineData("#ffff00")] // yellow: about 1.1:1
    [InlineData("#f2a900")]
    [InlineData("#5ea0ef")]
    public void Check_ColoursWhiteTextIsHardToReadOn_AreRefused(string colour) =>
        Assert.Contains("hard to read", Assert.Single(Errors(colour).ToDictionary()["brandColour"]), StringComparison.Ordinal);

    [Theory]
    [InlineData("red")]
    [InlineData("#12355")]
    [InlineData("#12355bz")]
    [InlineData("12355b")]
    [InlineData("#12355g")]
    [InlineData("</style>")]
    public void Check_NotAHexColour_IsRefused(string colour) =>
        Assert.Contains("#rrggbb", Assert.Single(Errors(colour).ToDictionary()["brandColour"]), StringComparison.Ordinal);

    private static ValidationErrors Errors(string colour)
    {
        var errors = new ValidationErrors();
        BrandColour.Check(colour, errors);
        return errors;
    }
}
