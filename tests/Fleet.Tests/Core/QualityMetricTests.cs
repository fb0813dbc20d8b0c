using Fleet.Models;
using Fleet.Monitoring.Windows;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// Each quality metric from a confusion matrix built by hand at decision threshold 0.5:
/// TP = 6 (score 0.9, label 1), FP = 4 (0.8, 0), FN = 2 (0.2, 1), TN = 8 (0.1, 0); 20 outcomes.
/// accuracy (6+8)/20 = 0.70, precision 6/10 = 0.60, recall 6/8 = 0.75, relevance (6+2)/20 = 0.40,
/// MAE (6*0.1 + 4*0.8 + 2*0.8 + 8*0.1)/20 = 6.2/20 = 0.31. Tolerance 1e-12 (floating-point sums only).
/// </summary>
public sealed class QualityMetricTests
{
    private const double Tolerance = 1e-12;

    private static QualityCounts Confusion(int tp = 6, int fp = 4, int fn = 2, int tn = 8)
    {
        var counts = new QualityCounts();
        for (var i = 0; i < tp; i++) counts.Add(0.9, 1, 0.5);
        for (var i = 0; i < fp; i++) counts.Add(0.8, 0, 0.5);
        for (var i = 0; i < fn; i++) counts.Add(0.2, 1, 0.5);
        for (var i = 0; i < tn; i++) counts.Add(0.1, 0, 0.5);
        return counts;
    }

    [Theory]
    [InlineData(QualityMetricKind.Accuracy, 0.70, 20)]
    [InlineData(QualityMetricKind.Precision, 0.60, 10)]
    [InlineData(QualityMetricKind.Recall, 0.75, 8)]
    [InlineData(QualityMetricKind.Relevance, 0.40, 20)]
    [InlineData(QualityMetricKind.Mae, 0.31, 20)]
    public void Quality_metric_is_computed_from_the_confusion_counts(QualityMetricKind kind, double expected, long samples)
    {
        var counts = Confusion();
        Assert.Equal((6L, 4L, 2L, 8L), (counts.TruePositives, counts.FalsePositives, counts.FalseNegatives, counts.TrueNegatives));

        var (value, n) = counts.Measure(kind);

        Assert.NotNull(value);
        Assert.Equal(expected, value.Value, Tolerance);
        Assert.Equal(samples, n);
    }

    [Theory]
    [InlineData(QualityMetricKind.Accuracy, 0.70, 20)]
    [InlineData(QualityMetricKind.Precision, 0.60, 10)]
    [InlineData(QualityMetricKind.Recall, 0.75, 8)]
    [InlineData(QualityMetricKind.Relevance, 0.40, 20)]
    [InlineData(QualityMetricKind.Mae, 0.31, 20)]
    public void Window_quality_adds_the_counts_of_its_buckets(QualityMetricKind kind, double expected, long samples)
    {
        // The same matrix split over two minutes (TP and FP in the first, FN and TN in the second).
        var windows = new RollingWindows();
        var sample = new PredictionSample(10, true, false, false, false, false);
        void Joined(DateTimeOffset at, int count, double score, double label)
        {
            for (var i = 0; i < count; i++)
            {
                windows.RecordPrediction(at.UtcTicks, sample);
                windows.RecordOutcome(at.UtcTicks, score, label, 0.5);
            }
        }
        Joined(T0, 6, 0.9, 1);
        Joined(T0, 4, 0.8, 0);
        Joined(T0.AddMinutes(1), 2, 0.2, 1);
        Joined(T0.AddMinutes(1), 8, 0.1, 0);

        var metrics = windows.Metrics(WindowSpan.OneHour, kind);

        Assert.Equal(expected, metrics.Quality!.Value, Tolerance);
        Assert.Equal(samples, metrics.QualitySamples);
        Assert.Equal(20, metrics.Outcomes);
    }

    [Fact]
    public void Mae_is_the_mean_absolute_error_of_predicted_values()
    {
        // Forecasts 100, 50, 20 against observed 90, 65, 20: |10| + |-15| + 0 = 25 over 3.
        var counts = new QualityCounts();
        counts.Add(100, 90, 0.5);
        counts.Add(50, 65, 0.5);
        counts.Add(20, 20, 0.5);

        var (value, n) = counts.Measure(QualityMetricKind.Mae);

        Assert.Equal(25.0 / 3, value!.Value, Tolerance);
        Assert.Equal(3, n);
    }

    [Fact]
    public void Precision_is_not_computed_when_nothing_was_scored_positive()
    {
        var counts = Confusion(tp: 0, fp: 0, fn: 3, tn: 5);

        Assert.Equal((null, 0L), counts.Measure(QualityMetricKind.Precision));
        Assert.Equal(0.0, counts.Measure(QualityMetricKind.Recall).Value);
        Assert.Equal(5.0 / 8, counts.Measure(QualityMetricKind.Accuracy).Value!.Value, Tolerance);
    }

    [Fact]
    public void A_score_at_the_decision_threshold_is_positive_and_a_label_of_one_half_is_positive()
    {
        var counts = new QualityCounts();
        counts.Add(0.7, 0.5, decisionThreshold: 0.7);   // predicted positive, actual positive
        counts.Add(0.699, 0.49, decisionThreshold: 0.7); // predicted negative, actual negative

        Assert.Equal((1L, 0L, 0L, 1L), (counts.TruePositives, counts.FalsePositives, counts.FalseNegatives, counts.TrueNegatives));
    }
}
