using System.Globalization;
using Recall.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- <scenario> [--provider sqlite|postgres] [--size N]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "help";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var size = Option("--size") is { } text ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : (int?)null;
Provider[] providers = Option("--provider")?.ToLowerInvariant() switch
{
    null or "both" => [Provider.Sqlite, Provider.Postgres],
    "sqlite" => [Provider.Sqlite],
    "postgres" or "postgresql" => [Provider.Postgres],
    var other => throw new ArgumentException($"--provider is sqlite, postgres or both, not '{other}'."),
};
var repository = Repository.Root();

Console.WriteLine($"Recall benchmarks: {scenario}; {Machine.Describe()}; commit {Machine.Commit(repository)}");
switch (scenario)
{
    case "reminders":
        await Scenarios.RemindersAsync(repository, providers, size);
        break;
    case "ours":
        // Our reminders alone, printed and not written to the docs: for comparing two builds back to back.
        foreach (var provider in providers)
        {
            var ours = await OurReminders.DrainAsync(provider, size ?? 40_000);
            Console.WriteLine($"ours on {provider}: {ours.PerSecond:N0}/s; {ours.Detail}");
        }

        break;
    case "lateness":
        await Scenarios.LatenessAsync(repository, providers, size);
        break;
    case "limit":
        await Scenarios.LimitAsync(repository, providers, size);
        break;
    case "turns":
        await Scenarios.TurnsAsync(repository, size);
        break;
    case "memory":
        await Scenarios.MemoryAsync(repository, size);
        break;
    case "memory-measure":
        await Scenarios.MeasureMemoryAsync(repository, size);
        break;
    case "import":
        await Scenarios.ImportAsync(repository, size);
        break;
    case "api":
        await Scenarios.ApiAsync(repository, providers, size);
        break;
    case "all":
        await Scenarios.RemindersAsync(repository, providers, size);
        await Scenarios.LimitAsync(repository, providers, size);
        await Scenarios.LatenessAsync(repository, providers, size);
        await Scenarios.TurnsAsync(repository, size);
        await Scenarios.ImportAsync(repository, size);
        await Scenarios.MemoryAsync(repository, size);
        await Scenarios.ApiAsync(repository, providers, size);
        break;
    default:
        Console.WriteLine("Scenarios: reminders | ours | lateness | limit | turns | memory | import | api | all; options: --provider sqlite|postgres|both, --size N");
        return 1;
}

return 0;
