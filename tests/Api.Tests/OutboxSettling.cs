using Recall.Silo.Storage;

namespace Recall.Api.Tests;

public static class OutboxSettling
{
    /// <summary>Messages go out after their command's commit, and their outcome comes back to the patient: waits for that to settle.</summary>
    public static async Task WaitUntilSentAsync(this IOutboxStore outbox)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await outbox.CountPendingAsync(timeout.Token) > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
