namespace Recall.Silo.Tests.TestGrains;

/// <summary>Waits (real time, bounded) for what a background loop of the silo does on its next pass.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
