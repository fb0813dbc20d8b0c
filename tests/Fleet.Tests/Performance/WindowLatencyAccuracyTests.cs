using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Windows;
using Fleet.Tests.Drift;
using Xunit;

namespace Fleet.Tests.Performance;

/// <summary>
/// The windows' latency tiers: 1 % relative error for the 5-minute and 1-hour windows (levels and alerts), 1.9998 % for
/// 24 hours and 3.998 % for 30 days (display tiers: the 1 % sketch's bins merged in pairs and fours). Each window against
/// exact quantiles: Core/LatencyWindowTests.
/// </summary>
public sealed class WindowLatencyAccuracyTests
{
    // The guarantee is |estimate - exact| <= a * exact; 1e-9 absorbs floating-point rounding in log/exp.
    private const double FloatSlack = 1e-9;
    private static readonly double[] Qs = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 17, 42, 30, TimeSpan.Zero);

    [Fact]
    public void Tier_accuracies_are_the_one_percent_sketch_with_its_bins_merged_in_pairs_and_fours()
    {
        var gamma = 1.01 / 0.99;
        Assert.Equal(0.01, RollingWindows.MinuteAccuracy);
        Assert.Equal((Math.Pow(gamma, 2) - 1) / (Math.Pow(gamma, 2) + 1), RollingWindows.HourAccuracy, 1e-12);
        Assert.Equal((Math.Pow(gamma, 4) - 1) / (Math.Pow(gamma, 4) + 1), RollingWindows.DayAccuracy, 1e-12);
        Assert.InRange(RollingWindows.HourAccuracy, 0.01999, 0.02);
        Assert.InRange(RollingWindows.DayAccuracy, 0.03997, 0.04);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_merged_sketch_holds_exactly_the_default_bins_merged(int halvings)
    {
        var fine = new LatencySketch();
        var coarse = new LatencySketch(LatencySketch.MergedBinsAccuracy(halvings));
        var random = new Random(17 + halvings);
        for (var i = 0; i < 200_000; i++)
        {
            // Spread over nine decades, so bins on both sides of zero index and every residue of the merge are hit.
            var value = Math.Pow(10, -2.5 + 9 * random.NextDouble());
            fine.Add(value);
            coarse.Add(value);
        }
        var width = 1 << halvings;
        var merged = fine.GetBins()
            .GroupBy(bin => (int)Math.Ceiling(bin.Index / (double)width))
            .Select(g => (Index: g.Key, Count: g.Sum(bin => bin.Count)))
            .OrderBy(bin => bin.Index)
            .ToList();
        Assert.Equal(merged, coarse.GetBins().Select(bin => (bin.Index, bin.Count)).ToList());
        Assert.Equal(fine.ZeroCount, coarse.ZeroCount);
    }

    [Fact]
    public void A_merged_accuracy_survives_a_checkpoint_and_still_merges_exactly()
    {
        var windows = Filled(new Random(5));
        var copy = OrleansRoundTrip.Copy(windows);
        foreach (var span in WindowSpans.All)
        {
            Assert.Equal(windows.Metrics(span, QualityMetricKind.Accuracy), copy.Metrics(span, QualityMetricKind.Accuracy));
        }
        // Recording into the restored day tier must not mix accuracies (a merge of unequal accuracies throws).
        copy.RecordPrediction(Now.AddDays(1).UtcTicks, Sample(55)); // a new bucket in every tier, its sketch made at the restored accuracy
        Assert.NotNull(copy.Metrics(WindowSpan.ThirtyDays, QualityMetricKind.Accuracy).LatencyP95);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_merged_sketch_answers_every_quantile_of_a_heavy_tail_within_its_stated_error(int halvings)
    {
        var accuracy = LatencySketch.MergedBinsAccuracy(halvings);
        var sketch = new LatencySketch(accuracy);
        var random = new Random(23);
        var values = new double[100_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() switch
            {
                < 0.001 => 1000.0,                                                 // timeouts
                < 0.02 => 10 / Math.Pow(1 - random.NextDouble(), 1 / 1.1),         // Pareto tail
                _ => Math.Exp(Math.Log(40) + 0.5 * Normal(random)),                // lognormal body
            };
            sketch.Add(values[i]);
        }
        Array.Sort(values);
        foreach (var q in Qs)
        {
            var exact = values[(long)Math.Floor(q * (values.Length - 1))];
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= (accuracy + FloatSlack) * exact,
                $"q = {q}: {estimate:R} against exact {exact:R}, error {Math.Abs(estimate - exact) / exact:P4} > {accuracy:P4}");
        }
    }

    /// <summary>
    /// 30 days at one call every 40 s, the last day at one every 4 s and the last hour at 5 a second: lognormal
    /// latencies (median 40 ms, σ 0.5), 0.1 % timeouts at 1 s and a Pareto tail, so every tier has a spread to answer.
    /// </summary>
    private static RollingWindows Filled(Random random)
    {
        var windows = new RollingWindows();
        var start = Now.AddDays(-30).UtcTicks;
        var day = Now.AddDays(-1).UtcTicks;
        var hour = Now.AddHours(-1).UtcTicks;
        for (var ticks = start; ticks <= Now.UtcTicks;)
        {
            var latency = random.NextDouble() switch
            {
                < 0.001 => 1000.0,
                < 0.02 => 10 / Math.Pow(1 - random.NextDouble(), 1 / 1.1),
                _ => Math.Exp(Math.Log(40) + 0.5 * Normal(random)),
            };
            windows.RecordPrediction(ticks, Sample(latency));
            ticks += ticks >= hour ? TimeSpan.TicksPerSecond / 5 : ticks >= day ? 4 * TimeSpan.TicksPerSecond : 40 * TimeSpan.TicksPerSecond;
        }
        return windows;
    }

    private static PredictionSample Sample(double latencyMs) =>
        new(latencyMs, Covered: true, Fallback: false, Degraded: false, Error: false, Timeout: latencyMs >= 1000, Score: 0.7);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
