using Recall.Grains.Patients;

namespace Recall.Grains.Tests;

public sealed class DueColoursTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData(365, DueColour.Black)]
    [InlineData(31, DueColour.Black)]
    [InlineData(30, DueColour.Yellow)]
    [InlineData(1, DueColour.Yellow)]
    [InlineData(0, DueColour.Red)]
    [InlineData(-1, DueColour.Red)]
    [InlineData(-400, DueColour.Red)]
    public void Of_DaysUntilDue_GivesTheColour(int daysUntilDue, DueColour expected) =>
        Assert.Equal(expected, DueColours.Of(Today.AddDays(daysUntilDue), Today));
}
