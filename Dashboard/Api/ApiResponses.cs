using Fleet.Models;
using Fleet.Registry;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Api;

/// <summary>
/// The public JSON shapes. Kept apart from the grain messages so the wire contract (paths, `id`,
/// `level` as a number 1-5) stays stable while the internals change.
/// </summary>
public sealed record FleetResponse(
    IReadOnlyList<ModelLine> Models, IReadOnlyDictionary<string, int> CountsByLevel,
    IReadOnlyDictionary<string, int> CountsByGap, int Total, long Version)
{
    public static FleetResponse From(FleetView view) => new(
        view.Models.Select(ModelLine.From).ToList(),
        view.CountsByLevel.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
        view.CountsByGap, view.Total, view.Version);
}

public sealed record ModelLine(
    string Id, string Name, string Domain, string? Owner, string? Team, int Level, string LevelName,
    QualityMetricKind QualityMetric, double? Quality, IReadOnlyList<string> Breaches, IReadOnlyList<string> Gaps,
    DateTimeOffset? Watermark)
{
    public static ModelLine From(ModelSummary m) => new(m.Id, m.Name, m.Domain, m.Owner, m.Team, (int)m.Level,
        m.Level.Describe(), m.QualityMetric, m.Quality, m.Breaches, m.Gaps, m.Watermark);
}

public sealed record BreachLine(string Threshold, string Window, double Value, double Limit, int Severity, string Message);

/// <summary>A threshold as the latest evaluation read it: "within limit", "breached" or "not judged: too little traffic".</summary>
public sealed record ReadingLine(
    string Threshold, int Severity, string Window, string OwnWindow, double? Value, long Samples, long MinSamples, double Limit,
    bool Judged, bool Breached, string Status)
{
    public static ReadingLine Of(ThresholdReading r) => new(r.Threshold, (int)r.Severity, r.Window.Name(), r.OwnWindow.Name(), r.Value,
        r.Samples, r.MinSamples, r.Limit, r.Judged, r.Breached, r.Status);
}

/// <summary>A threshold holding the model at its level and where its way out stands (<see cref="HeldLine"/>).</summary>
public sealed record HeldByLine(string Threshold, int Severity, string Window, string Status, DateTimeOffset? Until)
{
    public static HeldByLine Of(HeldLine h) => new(h.Threshold, (int)h.Severity, h.Window.Name(), h.Status, h.Until);
}

public sealed record TransitionLine(int From, int To, DateTimeOffset At, string Reason)
{
    public static TransitionLine Of(LevelTransition t) => new((int)t.From, (int)t.To, t.At, t.Reason);
}

/// <summary>One of the model's own alert rules as a registration sends it (<see cref="AlertRuleRequest"/>).</summary>
public sealed record AlertRuleLine(string Name, string Reading, string Comparison, double Threshold, string For, string KeepFiringFor,
    string Severity, string? Description)
{
    public static AlertRuleLine Of(Fleet.Catalogue.ModelAlertRule r) => new(r.Name, r.Reading, Fleet.Monitoring.Alerts.Comparisons.Symbol(r.Comparison), r.Threshold,
        Durations.Format(r.For), Durations.Format(r.KeepFiringFor), r.Severity.ToString().ToLowerInvariant(), r.Description);
}

public sealed record BaselineLine(QualityMetricKind Metric, string Window, double Quality, double? Baseline, double? Ratio, string Maturity, string Summary);

public sealed record ModelMetadata(
    double? Baseline, double DecisionThreshold, IReadOnlyList<string> DataSources, IReadOnlyList<string> SensitiveData,
    string? RetrainingEvery, DateTimeOffset? LastTrainedAt, string? RolloutSegment, bool ThresholdsSetByOwner);

public sealed record ModelResponse(
    string Id, string Name, string Domain, string? Owner, string? Team, string Version, RolloutStage RolloutStage,
    QualityMetricKind QualityMetric, int Level, string LevelName, DateTimeOffset? Watermark,
    IReadOnlyDictionary<string, WindowMetrics> Windows, BaselineLine? Baseline, IReadOnlyList<BreachLine> Breaches,
    TransitionLine? LastTransition, IReadOnlyList<TransitionLine> History, IReadOnlyList<string> Gaps,
    ModelMetadata Metadata, object Thresholds, IngestionCounters Counters, DriftSnapshot? Drift, IReadOnlyList<string> ActiveAlerts,
    IReadOnlyList<SegmentLine> Segments, double? FairnessGap, IReadOnlyList<ReadingLine> Readings, IReadOnlyList<HeldByLine> HeldBy,
    double? CostPerPrediction, CandidateVersion? Candidate, IReadOnlyList<OwnerReading> OwnerReadings, IReadOnlyList<AlertRuleLine> Alerts)
{
    public static ModelResponse From(ModelSnapshot s)
    {
        var d = s.Definition;
        return new ModelResponse(
            d.Id, d.Name, d.Domain, d.Owner, d.Team, d.Version, d.RolloutStage, d.QualityMetric, (int)s.Level,
            s.Level.Describe(), s.Watermark,
            s.Windows.ToDictionary(kv => kv.Key.Name(), kv => kv.Value),
            s.Baseline is { } b ? new BaselineLine(b.Metric, b.Window.Name(), b.Quality, b.Baseline, b.Ratio, b.Maturity, b.Summary) : null,
            s.Breaches.Select(x => new BreachLine(x.Threshold, x.Window.Name(), x.Value, x.Limit, (int)x.Severity, x.Message)).ToList(),
            s.LastTransition is { } t ? TransitionLine.Of(t) : null,
            s.History.Select(TransitionLine.Of).ToList(),
            s.Gaps,
            new ModelMetadata(d.Baseline, d.DecisionThreshold, d.DataSources, d.SensitiveData,
                d.Retraining is { } r ? Durations.Format(r.Every) : null, d.Retraining?.LastTrainedAt, d.RolloutSegment,
                d.ThresholdsSetByOwner),
            ThresholdsView(d.Thresholds),
            s.Counters,
            s.Drift,
            s.ActiveAlerts ?? [],
            s.Segments ?? [],
            s.FairnessGap,
            (s.Readings ?? []).Select(ReadingLine.Of).ToList(),
            (s.HeldBy ?? []).Select(HeldByLine.Of).ToList(),
            d.CostPerPrediction, d.Candidate, s.Owner ?? [], (d.Alerts ?? []).Select(AlertRuleLine.Of).ToList());
    }

    /// <summary>The thresholds by their request fields (<see cref="Fleet.Catalogue.ThresholdCatalogue"/>): what a registration sends back.</summary>
    private static Dictionary<string, object?> ThresholdsView(Thresholds t)
    {
        var view = new Dictionary<string, object?>
        {
            [Fleet.Catalogue.ThresholdCatalogue.Quality.Field] = Fleet.Catalogue.ThresholdCatalogue.Quality.View(t.Quality),
            [Fleet.Catalogue.ThresholdCatalogue.Hysteresis.Field] = Fleet.Catalogue.ThresholdCatalogue.Hysteresis.View(t.Hysteresis),
        };
        foreach (var declaration in Fleet.Catalogue.ThresholdCatalogue.Limits)
            view[declaration.Field] = t[declaration] is { } l ? new { value = l.Value, window = l.Window.Name(), minSamples = l.MinSamples } : null;
        return view;
    }
}

public sealed record IngestResponse(string BatchId, bool Duplicate, int Predictions, int Outcomes, int UnmatchedOutcomes, int Level);
