using Orleans.Runtime;

namespace Recall.Silo.Cluster;

/// <summary>
/// Failures that say nothing about the grain or the work, only that the cluster is changing: a
/// silo died and has not been declared dead yet, so calls to grains it held cannot be delivered
/// (with the membership options in ClusterExtensions, for a few seconds). Work that failed this way
/// is retried soon and at an even pace, not dropped and not backed off as if the grain were broken.
/// </summary>
internal static class ClusterFailures
{
    public static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;
}
