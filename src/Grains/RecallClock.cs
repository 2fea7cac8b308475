namespace Recall.Grains;

/// <summary>
/// The product's clock: a keyed <see cref="TimeProvider"/> that everything of ours reads (grains,
/// API, outbox, reminders). It is the system clock in production and a manual clock in tests and
/// demos. It is keyed so that it never becomes Orleans' own clock: Orleans reads the unkeyed
/// TimeProvider for membership, failure detection and message timeouts, which must keep real time
/// while a test moves the product's clock months ahead.
/// </summary>
public static class RecallClock
{
    public const string Key = "Recall.Clock";
}
