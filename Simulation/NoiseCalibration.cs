using Fleet.Models;

namespace Fleet.Simulation;

/// <summary>
/// Finds the label-noise scale at which a model whose learned concept equals the true one reaches
/// a target quality (its domain's typical performance). Expected values, not samples, so the search
/// is smooth and exact for the fixed sample of scores it is given.
/// </summary>
public static class NoiseCalibration
{
    /// <summary>The domain's typical quality: halfway between its target and stretch goals.</summary>
    public static double TypicalQuality(DomainDefaults.Profile profile) => (profile.Target + profile.Stretch) / 2;

    /// <summary>For MAE: the noise standard deviation whose mean absolute value is the target (E|N(0,s)| = s sqrt(2/pi)).</summary>
    public static double ForMae(double targetMae) => targetMae / Math.Sqrt(2 / Math.PI);

    /// <summary>For probabilistic labels P(y=1) = sigmoid(z / s): the s giving <paramref name="target"/>.</summary>
    public static double ForClassifier(QualityMetricKind metric, double target, IReadOnlyList<double> scores)
    {
        double lo = 1e-4, hi = 20;
        for (var i = 0; i < 60; i++)
        {
            var mid = Math.Sqrt(lo * hi);
            if (Expected(metric, scores, mid) > target) lo = mid; else hi = mid;
        }
        return Math.Sqrt(lo * hi);
    }

    /// <summary>Expected quality of deciding sign(z) when labels follow sigmoid(z / s).</summary>
    public static double Expected(QualityMetricKind metric, IReadOnlyList<double> scores, double s)
    {
        double tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var z in scores)
        {
            var p = Sigmoid(z / s);
            if (z >= 0) { tp += p; fp += 1 - p; } else { fn += p; tn += 1 - p; }
        }
        return metric switch
        {
            QualityMetricKind.Precision => tp / (tp + fp),
            QualityMetricKind.Recall => tp / (tp + fn),
            _ => (tp + tn) / scores.Count, // accuracy, and relevance: the share of correct calls
        };
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
