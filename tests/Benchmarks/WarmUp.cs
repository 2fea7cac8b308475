using System.Globalization;
using System.Runtime;

namespace Recall.Benchmarks;

/// <summary>
/// The untimed warm-up before a reminder system is measured: rounds of <see cref="Round"/> firings
/// until a round leaves the JIT nearly idle, so the measured run finds its hot paths compiled at
/// tier 1, as on a scheduler that has been running a while. One round was not enough for our
/// silo: code that runs once per group commit (about twenty times a round) is promoted only after
/// 30 calls, and 8,000 reminders drain in about a second, so the promotions fell in the timed part
/// (2,044 methods compiled in 1.0 s of a 2.9 s drain). Both systems warm up the same way.
/// </summary>
internal static class WarmUp
{
    public const int Round = 1_000;

    /// <summary>At most this many rounds; the state each system seeds is sized for them.</summary>
    public const int MaxRounds = 5;

    public const int MaxFirings = Round * MaxRounds;

    /// <summary>A round compiling fewer methods than this (including the pause after it) means the JIT has settled: the first rounds compile thousands.</summary>
    private const int Settled = 200;

    /// <summary>Runs <paramref name="fireRound"/> (given the round's number; it returns once the round's firings are done) until the JIT settles.</summary>
    public static async Task<Summary> RunAsync(Func<int, Task> fireRound)
    {
        var compiled = new List<long>();
        while (true)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await fireRound(compiled.Count);
            await Task.Delay(TimeSpan.FromSeconds(1)); // Time for the background compiler to promote what the round made hot.
            compiled.Add(JitInfo.GetCompiledMethodCount() - before);
            if (compiled[^1] < Settled || compiled.Count == MaxRounds)
            {
                return new Summary(compiled);
            }
        }
    }

    /// <summary>The methods each warm-up round compiled.</summary>
    public sealed record Summary(IReadOnlyList<long> Compiled)
    {
        public int Firings => Compiled.Count * Round;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"warm-up {Firings:N0} firings in {Compiled.Count} rounds (methods compiled per round: {string.Join(", ", Compiled.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))})");
    }
}
