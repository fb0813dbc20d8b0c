using Fleet.Models;
using Fleet.Monitoring.Windows;
using Fleet.Tests.Drift;

namespace Fleet.Tests.Fairness;

/// <summary>
/// The segments' day is answered from totals kept as outcomes land (<see cref="SegmentQuality.Over24h"/>); they must
/// equal, to the last bit, what adding the hourly buckets gives. A copy through the serializer keeps the buckets but not
/// the totals (they are not state), so it answers from the buckets: the reference.
/// </summary>
public sealed class SegmentDayTotalsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(QualityMetricKind.Accuracy)]
    [InlineData(QualityMetricKind.Precision)]
    [InlineData(QualityMetricKind.Recall)]
    [InlineData(QualityMetricKind.Relevance)]
    [InlineData(QualityMetricKind.Mae)]
    public void The_day_kept_as_outcomes_land_equals_the_sum_of_its_buckets_after_any_sequence(QualityMetricKind metric)
    {
        var random = new Random((int)metric + 17);
        var segments = new SegmentQuality();
        string[] names = ["18-24", "25-34", "35-54", "55+", "late-joiner"];
        var now = T0.UtcTicks;
        for (var step = 0; step < 3_000; step++)
        {
            var roll = random.NextDouble();
            if (roll < 0.8)
            {
                // Mostly this hour; some a few hours late; a few older than the day, whose slot may hold a slice of it.
                var lag = random.NextDouble() switch
                {
                    < 0.75 => TimeSpan.FromMinutes(random.Next(0, 30)).Ticks,
                    < 0.95 => TimeSpan.FromHours(random.Next(1, 24)).Ticks,
                    _ => TimeSpan.FromHours(random.Next(24, 80)).Ticks,
                };
                // The fifth segment appears only later, while totals are kept for the others.
                var segment = segments.IndexOf(names[random.Next(step < 1_500 ? 4 : 5)]);
                segments.Record(segment, now - lag, Math.Round(random.NextDouble(), 3), random.NextDouble() < 0.6 ? 1 : 0, 0.5);
            }
            else
            {
                now += random.NextDouble() switch
                {
                    < 0.7 => TimeSpan.FromMinutes(random.Next(1, 30)).Ticks,
                    < 0.97 => TimeSpan.FromHours(random.Next(1, 5)).Ticks,
                    _ => TimeSpan.FromHours(random.Next(20, 60)).Ticks,
                };
            }
            var kept = segments.Over24h(now, metric);
            if (step % 5 != 0) continue;
            var fromBuckets = OrleansRoundTrip.Copy(segments).Over24h(now, metric);
            Assert.Equal(fromBuckets.Count, kept.Count);
            for (var s = 0; s < kept.Count; s++)
            {
                Assert.Equal(fromBuckets[s].Segment, kept[s].Segment);
                Assert.Equal(fromBuckets[s].Samples, kept[s].Samples);
                Assert.Equal(fromBuckets[s].Quality is { } q ? BitConverter.DoubleToInt64Bits(q) : (long?)null,
                    kept[s].Quality is { } k ? BitConverter.DoubleToInt64Bits(k) : null);
            }
        }
    }
}
