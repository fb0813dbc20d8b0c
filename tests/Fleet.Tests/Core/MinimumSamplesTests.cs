using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// README: a threshold is judged only once its window holds its minimum number of samples; below that it
/// is "not judged", never breached ("relevance >= 70% over 30d with N >= 10,000").
/// </summary>
public sealed class MinimumSamplesTests
{
    private static ModelDefinition Recommendations() => TestModels.Define(
        domain: "recommendations", metric: QualityMetricKind.Relevance,
        baseline: DomainDefaults.BaselineFor("recommendations", QualityMetricKind.Relevance),
        thresholds: DomainDefaults.ThresholdsFor("recommendations"));

    /// <summary>Joined predictions number <paramref name="from"/>..<paramref name="to"/>-1; even numbers were relevant (label 1).</summary>
    private static void Join(ModelMonitor monitor, int from, int to)
    {
        const int perBatch = 2_000; // 4,000 events a batch, under the 10,000 limit
        for (var start = from; start < to; start += perBatch)
        {
            var at = T0.AddMinutes(start / perBatch);
            var predictions = new List<PredictionEvent>();
            var outcomes = new List<OutcomeEvent>();
            for (var i = start; i < Math.Min(to, start + perBatch); i++)
            {
                var p = Ev.Prediction(at, id: $"rec-{i}", score: 0.9, latencyMs: 15);
                predictions.Add(p);
                outcomes.Add(Ev.Outcome(at, p.PredictionId, i % 2 == 0 ? 1 : 0));
            }
            var result = monitor.Apply(Ev.Batch(at, predictions, outcomes)).Result;
            Assert.True(result.Accepted, result.Error?.ToString());
        }
    }

    [Fact]
    public void Recommendations_quality_is_judged_over_thirty_days_with_at_least_ten_thousand_outcomes_by_default()
    {
        var quality = Recommendations().Thresholds.Quality;
        Assert.Equal((WindowSpan.ThirtyDays, 10_000L, 0.70), (quality.Window, quality.MinSamples, quality.Launch));
    }

    [Fact]
    public void Bad_recommendations_quality_is_not_judged_at_9999_outcomes_and_breached_at_10000()
    {
        var monitor = TestModels.Monitor(Recommendations());

        Join(monitor, 0, 9_999); // 5,000 of 9,999 relevant: 50.005 %, far below the 70 % launch bar
        var before = monitor.Snapshot();

        Assert.Equal(9_999, before.Windows[WindowSpan.ThirtyDays].QualitySamples);
        Assert.Equal(5_000.0 / 9_999, before.Windows[WindowSpan.ThirtyDays].Quality!.Value, 1e-12);
        Assert.Empty(before.Breaches);
        Assert.Equal(DegradationLevel.FullAi, before.Level);
        Assert.Empty(before.History);

        Join(monitor, 9_999, 10_000); // the 10,000th outcome (odd, not relevant): 5,000 / 10,000
        var after = monitor.Snapshot();

        var breach = Assert.Single(after.Breaches);
        Assert.Equal(("quality-below-launch", WindowSpan.ThirtyDays, 0.70), (breach.Threshold, breach.Window, breach.Limit));
        Assert.Equal(0.5, breach.Value, 1e-12);
        Assert.Equal(DegradationLevel.RulesFallback, after.Level);
        var transition = Assert.Single(after.History);
        Assert.Equal((DegradationLevel.FullAi, DegradationLevel.RulesFallback), (transition.From, transition.To));
        Assert.Contains("relevance 50% over 30d", transition.Reason);
        Assert.Contains("below the launch bar of 70%", transition.Reason);
    }

    [Fact]
    public void Latency_p95_is_not_judged_at_99_predictions_and_breached_at_100()
    {
        var monitor = TestModels.Monitor(); // latency P95 <= 200 ms over 5m, N >= 100

        monitor.Apply(Ev.Batch(T0, Ev.Many(99, T0, latencyMs: 900)));
        Assert.Equal((DegradationLevel.FullAi, 0), (monitor.Level.Level, monitor.Breaches.Count));

        monitor.Apply(Ev.Batch(T0, Ev.Many(1, T0, latencyMs: 900)));
        Assert.Equal(DegradationLevel.RulesFallback, monitor.Level.Level);
        Assert.Equal("latency-p95", Assert.Single(monitor.Breaches).Threshold);
    }
}
