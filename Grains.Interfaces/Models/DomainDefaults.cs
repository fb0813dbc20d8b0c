namespace Fleet.Models;

/// <summary>
/// Typical performance per domain (shared/domain.md), used when an owner registers a model without
/// thresholds. The fleet flags such models ("no-thresholds") until their owner sets their own.
/// </summary>
public static class DomainDefaults
{
    /// <summary>
    /// The quality metric, its launch/target/stretch curve, the baseline without the model, the P95 latency budget, and the
    /// window and labels quality is judged over.
    /// </summary>
    public sealed record Profile(QualityMetricKind Metric, double Launch, double Target, double Stretch, double Baseline, double LatencyP95Ms,
        WindowSpan QualityWindow = WindowSpan.OneDay, long QualitySamples = 1_000);

    private static readonly Dictionary<string, Profile> Profiles = new(StringComparer.OrdinalIgnoreCase)
    {
        // Spam's launch bar sits 0.5 points under its typical accuracy: 1,000 labels (standard error ~0.2 points) would
        // breach it by chance, 5,000 (~0.08 points) do not.
        ["spam"] = new(QualityMetricKind.Accuracy, 0.990, 0.995, 0.998, 0.90, 100, QualitySamples: 5_000),
        ["voice-intent"] = new(QualityMetricKind.Accuracy, 0.85, 0.90, 0.92, 0.30, 300),
        // domain.md's acceptance criterion: 30 days with N >= 10,000.
        ["recommendations"] = new(QualityMetricKind.Relevance, 0.70, 0.80, 0.85, 0.12, 200, WindowSpan.ThirtyDays, 10_000),
        ["medical-imaging"] = new(QualityMetricKind.Recall, 0.90, 0.95, 0.97, 0.50, 2000),
        ["fraud"] = new(QualityMetricKind.Recall, 0.70, 0.80, 0.90, 0.10, 150),
        ["churn"] = new(QualityMetricKind.Precision, 0.60, 0.70, 0.80, 0.20, 500),
        ["forecasting"] = new(QualityMetricKind.Mae, 15.0, 10.0, 7.0, 20.0, 1000),
        ["credit"] = new(QualityMetricKind.Accuracy, 0.75, 0.80, 0.85, 0.60, 300),
        ["support"] = new(QualityMetricKind.Accuracy, 0.75, 0.85, 0.90, 0.40, 800),
        ["document-classification"] = new(QualityMetricKind.Accuracy, 0.85, 0.90, 0.95, 0.30, 500),
    };

    /// <summary>The profile of a domain Fleet has none for.</summary>
    public static readonly Profile Generic = new(QualityMetricKind.Accuracy, 0.70, 0.80, 0.85, 0.50, 300);

    public static IReadOnlyCollection<string> KnownDomains => Profiles.Keys;

    public static Profile For(string domain) => Profiles.GetValueOrDefault(domain, Generic);

    /// <summary>
    /// Default thresholds: each declaration's default (<see cref="Catalogue.ThresholdCatalogue"/>) for the domain's profile.
    /// </summary>
    public static Thresholds ThresholdsFor(string domain, QualityMetricKind? metric = null)
    {
        var profile = For(domain);
        var used = metric ?? profile.Metric;
        var limits = Catalogue.ThresholdCatalogue.Limits;
        var values = System.Collections.Immutable.ImmutableArray.CreateBuilder<Limit?>(limits.Count);
        foreach (var limit in limits) values.Add(limit.Default(profile, used));
        return new Thresholds(Catalogue.ThresholdCatalogue.Quality.Default(profile, used),
            Catalogue.ThresholdCatalogue.Hysteresis.Default(profile, used), values.MoveToImmutable());
    }

    /// <summary>The domain's typical baseline, or null when the model uses another metric (then the owner must say).</summary>
    public static double? BaselineFor(string domain, QualityMetricKind metric)
    {
        var profile = For(domain);
        return profile.Metric == metric ? profile.Baseline : null;
    }
}
