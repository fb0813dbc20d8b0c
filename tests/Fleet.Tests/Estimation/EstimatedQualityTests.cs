using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Windows;
using Fleet.Simulation.Faults;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Estimation;

/// <summary>Quality estimated from calibrated scores while labels are delayed (confidence-based, as NannyML's CBPE).</summary>
public sealed class EstimatedQualityTests
{
    [Fact]
    public void Estimates_from_four_scores_match_the_hand_computed_expectations()
    {
        // Scores 0.9, 0.8 (called positive) and 0.3, 0.1 (called negative) at threshold 0.5:
        // expected right calls 0.9 + 0.8 + 0.7 + 0.9 = 3.3 of 4; precision (0.9 + 0.8) / 2;
        // recall (0.9 + 0.8) / (0.9 + 0.8 + 0.3 + 0.1); relevance = mean score 2.1 / 4. Exact to 1e-12.
        var counts = new ScoreCounts();
        foreach (var s in new[] { 0.9, 0.8, 0.3, 0.1 }) counts.Add(s, 0.5);

        Assert.Equal(0.825, counts.Estimate(QualityMetricKind.Accuracy)!.Value, 12);
        Assert.Equal(0.85, counts.Estimate(QualityMetricKind.Precision)!.Value, 12);
        Assert.Equal(1.7 / 2.1, counts.Estimate(QualityMetricKind.Recall)!.Value, 12);
        Assert.Equal(0.525, counts.Estimate(QualityMetricKind.Relevance)!.Value, 12);
        Assert.Null(counts.Estimate(QualityMetricKind.Mae));
        Assert.Null(new ScoreCounts().Estimate(QualityMetricKind.Accuracy));
    }

    [Fact]
    public void Before_any_label_arrives_the_estimate_of_a_calibrated_model_is_within_a_point_of_its_true_accuracy()
    {
        // A simulated credit model is calibrated (its score is the true probability while its concept is
        // right). 30 minutes at 20 predictions/s with labels three hours late: the monitor has no outcome yet.
        var scenario = ScenarioLoader.Parse("""
            name: estimate
            duration: 30m
            fleet: [ { domain: credit, count: 1 } ]
            traffic: { rate: 20, shape: flat, labelDelay: 3h }
            """);
        var member = FleetFactory.Build(scenario, 3, RunOptions.DefaultStart).Single();
        var monitor = new ModelMonitor(member.Definition, new(), new());
        var healthy = new FaultEffects();
        var predictions = new List<PredictionEvent>();
        for (var t = RunOptions.DefaultStart; t < RunOptions.DefaultStart.AddMinutes(30); t = t.AddSeconds(10))
        {
            var (p, o) = member.Model.Generate(t, TimeSpan.FromSeconds(10), scenario.Traffic.HourlyShape, healthy);
            Assert.Empty(o);
            predictions.AddRange(p);
            monitor.Apply(new EventBatch($"b{t.Ticks}", t.AddSeconds(10), p, o));
        }

        var window = monitor.Snapshot().Windows[WindowSpan.OneHour];
        Assert.Equal(0, window.Outcomes);
        Assert.Null(window.Quality);
        var estimate = window.EstimatedQuality!.Value;
        // The realised accuracy of those same predictions once labels come (joined by id, off the monitor):
        var later = member.Model.Generate(RunOptions.DefaultStart.AddHours(8), TimeSpan.FromSeconds(10), scenario.Traffic.HourlyShape, healthy).Outcomes;
        var labels = later.ToDictionary(o => o.PredictionId, o => o.Label);
        var judged = predictions.Where(p => p.Score is not null && labels.ContainsKey(p.PredictionId)).ToList();
        var accuracy = judged.Average(p => (p.Score >= 0.5) == (labels[p.PredictionId] >= 0.5) ? 1.0 : 0.0);
        // ~36,000 predictions: the standard error of an accuracy near 0.82 is 0.2 points; allow 1 point.
        Assert.True(judged.Count > 30_000, $"{judged.Count} labelled");
        Assert.InRange(estimate, accuracy - 0.01, accuracy + 0.01);
    }
}
