using Recall.Grains.Templates;

namespace Recall.Grains.Tests;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(160, SmsEncoding.Gsm7, 1)]
    [InlineData(161, SmsEncoding.Gsm7, 2)]
    [InlineData(306, SmsEncoding.Gsm7, 2)]
    [InlineData(307, SmsEncoding.Gsm7, 3)]
    public void Measure_PlainText_Gsm7Segments(int length, SmsEncoding encoding, int segments) =>
        Assert.Equal(new SmsSize(encoding, length, segments), SmsSegments.Measure(new string('a', length)));

    [Fact]
    public void Measure_ExtensionCharacters_CountTwice() =>
        Assert.Equal(new SmsSize(SmsEncoding.Gsm7, 5, 1), SmsSegments.Measure("€[a"));

    [Fact]
    public void Measure_ExtensionCharacters_CanTipIntoASecondSegment() =>
        Assert.Equal(new SmsSize(SmsEncoding.Gsm7, 161, 2), SmsSegments.Measure("€" + new string('a', 159)));

    [Fact]
    public void Measure_SwedishAndGermanLetters_StayGsm7() =>
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Measure("Hej Åsa, dags för kontroll. Grüße, Müller").Encoding);

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Measure_PolishLetter_SwitchesTheWholeTextToUcs2(int length, int segments) =>
        Assert.Equal(new SmsSize(SmsEncoding.Ucs2, length, segments), SmsSegments.Measure("ł" + new string('a', length - 1)));

    [Fact]
    public void Measure_Emoji_CountsAsTwoUnits() =>
        Assert.Equal(new SmsSize(SmsEncoding.Ucs2, 3, 1), SmsSegments.Measure("a👍"));
}
