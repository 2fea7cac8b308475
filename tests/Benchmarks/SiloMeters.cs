using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Recall.Benchmarks;

/// <summary>
/// Reads the silo's own metrics in process (there is no dotnet-counters here): committed turns as
/// they happen, and every reminder's lateness, so percentiles are exact rather than bucketed.
/// </summary>
internal sealed class SiloMeters : IDisposable
{
    private readonly MeterListener listener = new();
    private long committed;
    private long commitBatches;
    private long commitBatchTurns;
    private double turnSeconds;
    private long turnsTimed;

    public SiloMeters(string grainType, bool recordLateness = false)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Recall.Silo" && instrument.Name is "recall.grain.turns" or "recall.reminder.lateness" or "recall.storage.commit_batch" or "recall.grain.turn.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "recall.storage.commit_batch")
            {
                Interlocked.Increment(ref commitBatches);
                Interlocked.Add(ref commitBatchTurns, value);
                return;
            }

            string? type = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "recall.grain.type")
                {
                    type = tag.Value as string;
                }
                else if (tag.Key == "recall.turn.outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            if (type == grainType && outcome == "committed")
            {
                Interlocked.Increment(ref committed);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "recall.grain.turn.duration")
            {
                lock (listener)
                {
                    turnSeconds += value;
                    turnsTimed++;
                }

                return;
            }

            if (recordLateness && instrument.Name == "recall.reminder.lateness")
            {
                Lateness.Add(value);
            }
        });
        listener.Start();
    }

    /// <summary>Committed turns of the grain type so far.</summary>
    public long Committed => Interlocked.Read(ref committed);

    /// <summary>Turns per commit transaction, on average (SQLite's group commit; 1 on PostgreSQL).</summary>
    public double TurnsPerCommit => commitBatches == 0 ? 0 : (double)commitBatchTurns / commitBatches;

    /// <summary>The mean time of a turn, commit included, in milliseconds.</summary>
    public double MeanTurnMs => turnsTimed == 0 ? 0 : turnSeconds * 1000 / turnsTimed;

    /// <summary>Each reminder's lateness in seconds, from its due time to the start of its turn.</summary>
    public ConcurrentBag<double> Lateness { get; } = [];

    public void Dispose() => listener.Dispose();
}
