using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Recall.Silo.Hosting;

/// <summary>Looks for idle activations every <see cref="SiloOptions.CollectionInterval"/> and collects them.</summary>
internal sealed class ActivationCollector(ActivationDirectory directory, IOptions<SiloOptions> options, SiloLog log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var collected = directory.CollectIdle();
            if (collected > 0)
            {
                log.ActivationsCollected(collected, directory.Count);
            }
        }
    }
}
