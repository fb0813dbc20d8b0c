using Fleet.Models;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// Sums of calibrated scores, from which quality is estimated while labels are delayed (the idea of
/// NannyML's confidence-based performance estimation): a score s is the chance the label is positive,
/// so a positive call is right with probability s and a negative one with 1 - s.
/// </summary>
[GenerateSerializer]
public struct ScoreCounts
{
    [Id(0)] public long Scored;
    [Id(1)] public double ScoreSum;
    [Id(2)] public long PredictedPositive;
    [Id(3)] public double PositiveScoreSum;

    public void Add(double score, double decisionThreshold)
    {
        Scored++;
        ScoreSum += score;
        if (score < decisionThreshold) return;
        PredictedPositive++;
        PositiveScoreSum += score;
    }

    public void Add(in ScoreCounts other)
    {
        Scored += other.Scored;
        ScoreSum += other.ScoreSum;
        PredictedPositive += other.PredictedPositive;
        PositiveScoreSum += other.PositiveScoreSum;
    }

    /// <summary>Expected quality of the scored predictions; null for MAE (a score is no probability there) or with none.</summary>
    public readonly double? Estimate(QualityMetricKind kind)
    {
        if (Scored == 0) return null;
        var negatives = Scored - PredictedPositive;
        var expectedTrueNegatives = negatives - (ScoreSum - PositiveScoreSum);
        return kind switch
        {
            QualityMetricKind.Accuracy => (PositiveScoreSum + expectedTrueNegatives) / Scored,
            QualityMetricKind.Precision => PredictedPositive == 0 ? null : PositiveScoreSum / PredictedPositive,
            QualityMetricKind.Recall => ScoreSum == 0 ? null : PositiveScoreSum / ScoreSum,
            QualityMetricKind.Relevance => ScoreSum / Scored,
            _ => null,
        };
    }
}

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
