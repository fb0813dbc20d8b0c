using Fleet.Models;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// The confusion counts and absolute-error sum of joined outcomes: enough to compute every
/// <see cref="QualityMetricKind"/> of a window by adding buckets together.
/// </summary>
[GenerateSerializer]
public struct QualityCounts
{
    [Id(0)] public long Outcomes;
    [Id(1)] public long TruePositives;
    [Id(2)] public long FalsePositives;
    [Id(3)] public long FalseNegatives;
    [Id(4)] public double AbsoluteErrorSum;

    public readonly long TrueNegatives => Outcomes - TruePositives - FalsePositives - FalseNegatives;

    /// <summary>Counts one labelled prediction: positive means score (or label) at or above the decision threshold.</summary>
    public void Add(double score, double label, double decisionThreshold)
    {
        var predictedPositive = score >= decisionThreshold;
        var actualPositive = label >= 0.5;
        Outcomes++;
        if (predictedPositive && actualPositive) TruePositives++;
        else if (predictedPositive) FalsePositives++;
        else if (actualPositive) FalseNegatives++;
        AbsoluteErrorSum += Math.Abs(score - label);
    }

    public void Add(in QualityCounts other)
    {
        Outcomes += other.Outcomes;
        TruePositives += other.TruePositives;
        FalsePositives += other.FalsePositives;
        FalseNegatives += other.FalseNegatives;
        AbsoluteErrorSum += other.AbsoluteErrorSum;
    }

    /// <summary>The metric's value and the number of samples it rests on (its denominator).</summary>
    public readonly (double? Value, long Samples) Measure(QualityMetricKind kind)
    {
        var (numerator, samples) = kind switch
        {
            QualityMetricKind.Accuracy => (TruePositives + TrueNegatives, Outcomes),
            QualityMetricKind.Precision => (TruePositives, TruePositives + FalsePositives),
            QualityMetricKind.Recall => (TruePositives, TruePositives + FalseNegatives),
            QualityMetricKind.Relevance => (TruePositives + FalseNegatives, Outcomes),
            QualityMetricKind.Mae => (AbsoluteErrorSum, Outcomes),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return samples == 0 ? (null, 0) : ((double)numerator / samples, samples);
    }
}
