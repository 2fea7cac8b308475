namespace Recall.Silo.Demo;

/// <summary>
/// The demo switch on the command line: <c>--demo</c> seeds the dental demo, <c>--demo vet</c> the
/// veterinary one. It is taken out of the arguments the host reads, so that the host's command-line
/// configuration never reads the word after <c>--demo</c> (a demo's name or the next switch) as the
/// value of a setting "demo".
/// </summary>
public static class DemoSwitch
{
    private const string Switch = "--demo";

    private static readonly Dictionary<string, Func<IServiceProvider, Task>> Demos = new(StringComparer.Ordinal)
    {
        [""] = DemoClinic.SeedDemoClinicAsync,
        ["vet"] = VetDemoClinic.SeedVetDemoClinicAsync,
    };

    /// <summary>
    /// The demo to seed (null without <c>--demo</c>) and the other arguments, or false with a line for
    /// the console when the word after <c>--demo</c> names no demo.
    /// </summary>
    public static bool TryParse(string[] args, out Func<IServiceProvider, Task>? seed, out string[] rest, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        seed = null;
        rest = args;
        problem = null;
        var at = Array.IndexOf(args, Switch);
        if (at < 0)
        {
            return true;
        }

        var name = at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : "";
        if (!Demos.TryGetValue(name, out seed))
        {
            problem = $"There is no demo '{name}': use --demo (a dental clinic) or --demo vet (a small animal clinic).";
            return false;
        }

        rest = [.. args[..at], .. args[(at + (name.Length == 0 ? 1 : 2))..]];
        return true;
    }
}
