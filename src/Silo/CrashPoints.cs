using Microsoft.Extensions.Options;

namespace Recall.Silo;

/// <summary>
/// The steps of changing a due date and of firing one, where the crash tests kill the silo
/// (ProcessKillTests): set <see cref="SiloOptions.CrashAt"/> to <c>point</c>, <c>point:n</c> (the n-th
/// time it is reached) or <c>point/method:n</c> (a turn of that grain method), and the process kills
/// itself there as <c>kill -9</c> would: no shutdown, no flush. Unset, as it always is in production,
/// a point costs one comparison.
/// </summary>
internal sealed class CrashPoints
{
    /// <summary>A turn ran its grain's code; its commit is next (an earlier Orleans wake-up is already registered).</summary>
    public const string TurnCommitting = "turn-committing";

    /// <summary>A turn's commit is durable; the wake-up has not moved and the caller has no answer yet.</summary>
    public const string TurnCommitted = "turn-committed";

    /// <summary>The reminder service claimed due reminders; their grains have not been asked to run them.</summary>
    public const string RemindersClaimed = "reminders-claimed";

    /// <summary>An outbox message is about to be handed to its channel.</summary>
    public const string Sending = "sending";

    /// <summary>The channel took the message; its outcome is not recorded yet.</summary>
    public const string Sent = "sent";

    private readonly string? point;
    private readonly int at;
    private int reached;

    public CrashPoints(IOptions<SiloOptions> options)
    {
        if (options.Value.CrashAt is not { Length: > 0 } crashAt)
        {
            return;
        }

        var colon = crashAt.LastIndexOf(':');
        point = colon < 0 ? crashAt : crashAt[..colon];
        at = colon < 0 ? 1 : int.Parse(crashAt[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The silo reached <paramref name="name"/> (in a turn of <paramref name="method"/>, if any).</summary>
    public void Reached(string name, string? method = null)
    {
        if (point is null || (point != name && point != $"{name}/{method}"))
        {
            return;
        }

        if (Interlocked.Increment(ref reached) == at)
        {
            Console.Error.WriteLine($"Crash point {point}:{at} reached: the silo kills itself.");
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        }
    }
}
