using Fleet.Monitoring.Detectors;

namespace Fleet.Tests.Drift;

/// <summary>What a detector did on many seeded streams with one known change point.</summary>
internal sealed record DetectionStats(int Streams, int FalseAlarmStreams, IReadOnlyList<double> Delays, int Missed)
{
    /// <summary>Share of streams with at least one detection before the change.</summary>
    public double FalseAlarmRate => (double)FalseAlarmStreams / Streams;

    /// <summary>Share of streams where the change was never detected within the stream.</summary>
    public double MissRate => (double)Missed / Streams;

    public double MedianDelay => Reference.Median(Delays);

    public double Delay90 => Delays.Count == 0 ? double.NaN : Reference.Percentile(Delays, 0.9);

    public override string ToString() =>
        $"{Streams} streams: false alarms before the change in {FalseAlarmRate:P1}, missed {MissRate:P1}, " +
        $"delay median {MedianDelay} / p90 {Delay90} / max {(Delays.Count == 0 ? double.NaN : Delays.Max())}";
}

internal static class DetectorExperiment
{
    /// <summary>
    /// Runs <paramref name="streams"/> streams (seeds <paramref name="seed"/>, seed+1, ...): values drawn by
    /// <paramref name="draw"/>(random, t); the change starts at t = <paramref name="changeAt"/>. The delay is the first
    /// detection at or after the change minus the change point.
    /// </summary>
    public static DetectionStats Run(Func<IChangeDetector> create, Func<Random, int, double> draw,
        int changeAt, int length, int streams = 200, int seed = 0)
    {
        int falseAlarms = 0, missed = 0;
        var delays = new List<double>(streams);
        for (int s = 0; s < streams; s++)
        {
            var random = new Random(seed + s);
            var detector = create();
            bool falseAlarm = false, detected = false;
            for (int t = 0; t < length; t++)
            {
                if (!detector.Update(draw(random, t))) continue;
                if (t < changeAt)
                {
                    falseAlarm = true;
                    continue;
                }
                delays.Add(t - changeAt);
                detected = true;
                break;
            }
            if (falseAlarm) falseAlarms++;
            if (!detected) missed++;
        }
        return new DetectionStats(streams, falseAlarms, delays, missed);
    }
}
