using Fleet.Models;
using Fleet.Snapshots;
using Fleet.Monitoring.Windows;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// Latency P50/P95/P99 of each window come from merged sketches; each must be within its tier's stated
/// relative error of the exact quantile of exactly the latencies that window holds, where the exact
/// q-quantile of n sorted values is the one at rank floor(q * (n - 1)): 1 % for the 5-minute and 1-hour windows,
/// 1.9998 % for 24 hours, 3.998 % for 30 days. Tolerance: accuracy * exact + 1e-9.
/// </summary>
public sealed class LatencyWindowTests
{
    private static double Exact(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Floor(q * (sorted.Count - 1))];
    }

    [Fact]
    public void Latency_quantiles_of_each_window_are_within_their_tiers_stated_error_of_the_exact_quantile()
    {
        var random = new Random(20261122);
        double LogNormal(double median) => median * Math.Exp(0.6 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

        var windows = new RollingWindows();
        var inFiveMinutes = new List<double>();
        var inHour = new List<double>();
        var inDay = new List<double>();
        var inThirtyDays = new List<double>();
        void Record(DateTimeOffset at, double latency, params List<double>[] into)
        {
            windows.RecordPrediction(at.UtcTicks, new PredictionSample(latency, true, false, false, false, false));
            foreach (var list in into) list.Add(latency);
        }

        // Two days ago (30d only), three hours ago (24h and 30d), then 60 minutes of traffic whose median
        // climbs minute by minute, so every window has a different distribution.
        for (var i = 0; i < 300; i++) Record(T0.AddDays(-2), LogNormal(900), inThirtyDays);
        for (var i = 0; i < 400; i++) Record(T0.AddHours(-3), LogNormal(300), inDay, inThirtyDays);
        for (var m = 0; m < 60; m++)
        {
            for (var i = 0; i < 50; i++)
            {
                var at = T0.AddMinutes(m).AddSeconds(i);
                if (m >= 55) Record(at, LogNormal(20 + 3 * m), inFiveMinutes, inHour, inDay, inThirtyDays);
                else Record(at, LogNormal(20 + 3 * m), inHour, inDay, inThirtyDays);
            }
        }

        var expected = new Dictionary<WindowSpan, (List<double> Values, double Accuracy)>
        {
            [WindowSpan.FiveMinutes] = (inFiveMinutes, 0.01),
            [WindowSpan.OneHour] = (inHour, 0.01),
            [WindowSpan.OneDay] = (inDay, RollingWindows.HourAccuracy),
            [WindowSpan.ThirtyDays] = (inThirtyDays, RollingWindows.DayAccuracy),
        };
        foreach (var (span, (values, accuracy)) in expected)
        {
            var metrics = windows.Metrics(span, QualityMetricKind.Accuracy);
            Assert.Equal(values.Count, metrics.Volume);
            foreach (var (q, estimate) in new[] { (0.50, metrics.LatencyP50), (0.95, metrics.LatencyP95), (0.99, metrics.LatencyP99) })
            {
                var exact = Exact(values, q);
                Assert.True(Math.Abs(estimate!.Value - exact) <= accuracy * exact + 1e-9,
                    $"{span.Name()} P{q * 100:0}: estimate {estimate} vs exact {exact} (stated error {accuracy:P4})");
            }
        }
        // The windows really differ (otherwise the test above could pass with one merged sketch).
        Assert.True(Exact(inFiveMinutes, 0.5) > 1.3 * Exact(inHour, 0.5));
    }

    [Fact]
    public void Latency_p95_of_a_hand_made_window_is_the_value_at_rank_floor_q_times_n_minus_one()
    {
        // 1..100 ms: rank floor(0.95 * 99) = 94 holds 95 ms, rank floor(0.5 * 99) = 49 holds 50 ms.
        var windows = new RollingWindows();
        for (var v = 1; v <= 100; v++) windows.RecordPrediction(T0.UtcTicks, new PredictionSample(v, true, false, false, false, false));

        var metrics = windows.Metrics(WindowSpan.FiveMinutes, QualityMetricKind.Accuracy);

        Assert.Equal(95, metrics.LatencyP95!.Value, 0.95);
        Assert.Equal(50, metrics.LatencyP50!.Value, 0.50);
        Assert.Equal(99, metrics.LatencyP99!.Value, 0.99);
    }

    [Fact]
    public void Models_answered_in_turn_on_one_thread_get_the_quantiles_each_gets_alone()
    {
        // The merge sketch is one per thread: after a model whose latencies lie 10,000-fold higher (and 30 days of
        // them, so the sketch widens its counts), a model's windows must still be its own, to the last bit.
        static RollingWindows Model(double scale, int days)
        {
            var windows = new RollingWindows();
            for (var d = days - 1; d >= 0; d--)
            {
                for (var v = 1; v <= 400; v++)
                {
                    for (var r = 0; r < 10; r++)
                        windows.RecordPrediction(T0.AddDays(-d).AddSeconds(v % 240).UtcTicks, new PredictionSample(v * scale, true, false, false, false, false));
                }
            }
            return windows;
        }
        var fast = Model(0.1, days: 1);
        var slow = Model(1_000, days: 30);
        WindowMetrics[] Answer(RollingWindows w) => [.. WindowSpans.All.Select(span => w.Metrics(span, QualityMetricKind.Accuracy))];

        var fastAlone = Answer(fast);
        var slowAlone = Answer(slow);
        Assert.Equal(slowAlone, Answer(slow));
        Assert.Equal(fastAlone, Answer(fast));
        Assert.Equal(slowAlone, Answer(slow));
        Assert.Equal(fastAlone, Answer(fast));
        Assert.Equal(fastAlone, Answer(Model(0.1, days: 1)));

        // And the values are the hand-worked ones (±1 %): 0.1..40 ms ten times each, rank floor(0.95 * 3,999) = 3,799
        // holds 38 ms; 30 days of 1..400 s ten times each (300 to a bin: 2-byte counts), rank 113,999 holds 380 s.
        Assert.Equal(38.0, fastAlone[0].LatencyP95!.Value, 0.38);
        Assert.Equal(380_000.0, slowAlone[3].LatencyP95!.Value, 3_800.0);
    }
}
