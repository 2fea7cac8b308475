using Recall.Silo.Demo;

namespace Recall.Silo.Tests;

/// <summary>The command line's demo switch: which demo it seeds, and what the host still reads.</summary>
public sealed class DemoSwitchTests
{
    [Theory]
    [InlineData(new string[0], null, new string[0])]
    [InlineData(new[] { "--urls", "http://+:5080" }, null, new[] { "--urls", "http://+:5080" })]
    [InlineData(new[] { "--demo" }, "dental", new string[0])]
    [InlineData(new[] { "--demo", "--urls", "http://+:5080" }, "dental", new[] { "--urls", "http://+:5080" })]
    [InlineData(new[] { "--demo", "vet" }, "vet", new string[0])]
    [InlineData(new[] { "--urls", "http://+:5080", "--demo", "vet" }, "vet", new[] { "--urls", "http://+:5080" })]
    public void Demo_IsTakenOutOfTheHostsArguments(string[] args, string? demo, string[] hostArgs)
    {
        Assert.True(DemoSwitch.TryParse(args, out var seed, out var rest, out var problem));

        Assert.Equal(demo switch
        {
            "dental" => DemoClinic.SeedDemoClinicAsync,
            "vet" => VetDemoClinic.SeedVetDemoClinicAsync,
            _ => null,
        }, seed);
        Assert.Equal(hostArgs, rest);
        Assert.Null(problem);
    }

    [Fact]
    public void UnknownDemo_IsRefusedWithTheOnesThereAre()
    {
        Assert.False(DemoSwitch.TryParse(["--demo", "cat"], out var seed, out _, out var problem));

        Assert.Null(seed);
        Assert.Equal("There is no demo 'cat': use --demo (a dental clinic) or --demo vet (a small animal clinic).", problem);
    }
}
