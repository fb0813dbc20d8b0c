using System.Diagnostics.Metrics;
using Fleet.Models;
using Fleet.Registry;

namespace Fleet.Dashboard.Metrics;

/// <summary>
/// The fleet's state as gauges, observed from the <see cref="FleetStateReader"/>'s last read (refreshed just before
/// each scrape). Per model, at most <see cref="SeriesPerModel"/> series; a figure the model cannot compute yet (no
/// traffic in the last five minutes, no labels, no drift reference) is left out rather than reported as 0.
/// </summary>
public sealed class FleetStateMetrics
{
    /// <summary>info, level, quality, three latency percentiles, the latency limit, error, timeout and fallback rates, drift share.</summary>
    public const int SeriesPerModel = 11;

    private static readonly (string Percentile, Func<ModelFigures, double?> Read)[] Percentiles =
    [
        ("50", f => f.LatencyP50Ms), ("95", f => f.LatencyP95Ms), ("99", f => f.LatencyP99Ms),
    ];

    public FleetStateMetrics(IMeterFactory meters, FleetStateReader reader)
    {
        var meter = meters.Create(MetricNames.Meter);
        IEnumerable<ModelSummary> Exported() => reader.Current.Exported;

        meter.CreateObservableGauge(MetricNames.Models, () => Enumerable.Range(1, 5).Select(level =>
                new Measurement<int>(reader.Current.Fleet.CountsByLevel.GetValueOrDefault(level), Tag("level", level.ToString()))),
            description: "Registered models at each degradation level (1 full AI ... 5 error state)");
        meter.CreateObservableGauge(MetricNames.ModelsExported, () => reader.Current.Exported.Count,
            description: "Models exported one by one (worst level first, at most Fleet:Metrics:MaxModels)");
        meter.CreateObservableGauge(MetricNames.ModelInfo, () => Exported().Select(m => new Measurement<int>(1,
                Tag("model", m.Id), Tag("domain", m.Domain), Tag("owner", m.Owner ?? ""), Tag("team", m.Team ?? ""),
                Tag("quality_metric", m.QualityMetric.ToString().ToLowerInvariant()))),
            description: "1 for every exported model, with its domain, owner, team and quality metric (join on model)");
        meter.CreateObservableGauge(MetricNames.ModelLevel, () => Exported().Select(m => new Measurement<int>((int)m.Level, Tag("model", m.Id))),
            description: "Degradation level: 1 full AI, 2 reduced AI, 3 rules-based fallback, 4 generic fallback, 5 error state");
        meter.CreateObservableGauge(MetricNames.ModelQuality, () => Present(Exported(), m => m.Quality),
            description: "Quality over the model's quality threshold window, in its quality metric (a fraction, or MAE)");
        meter.CreateObservableGauge(MetricNames.ModelLatency, () => Exported()
                .SelectMany(m => Percentiles.Select(q => (m, q.Percentile, Ms: m.Figures is { } f ? q.Read(f) : null)))
                .Where(x => x.Ms is not null)
                .Select(x => new Measurement<double>(x.Ms!.Value / 1000, Tag("model", x.m.Id), Tag("percentile", x.Percentile))),
            unit: "s", description: "Latency percentiles (50, 95, 99) of the last five minutes (1 % relative error)");
        meter.CreateObservableGauge(MetricNames.ModelLatencyLimit, () => Present(Exported(), m => m.Figures?.LatencyLimitMs / 1000),
            unit: "s", description: "The model's P95 latency limit (its threshold, or its domain's default)");
        meter.CreateObservableGauge(MetricNames.ModelErrorRate, () => Present(Exported(), m => m.Figures?.ErrorRate),
            description: "Share of the last five minutes' requests that failed");
        meter.CreateObservableGauge(MetricNames.ModelTimeoutRate, () => Present(Exported(), m => m.Figures?.TimeoutRate),
            description: "Share of the last five minutes' requests that timed out");
        meter.CreateObservableGauge(MetricNames.ModelFallbackRate, () => Present(Exported(), m => m.Figures?.FallbackRate),
            description: "Share of the last five minutes' requests served at level 1-2 that a fallback answered");
        meter.CreateObservableGauge(MetricNames.ModelDriftShare, () => Present(Exported(), m => m.Figures?.DriftShare),
            description: "Share of judged features drifted over the last hour against the version's reference");
        meter.CreateObservableGauge(MetricNames.AlertsFiring, () => reader.Current.FiringAlerts.Select(s =>
                new Measurement<int>(s.Value, Tag("severity", s.Key.ToString().ToLowerInvariant()))),
            description: "Firing alerts in the alert book, by severity (silenced ones included)");
        meter.CreateObservableGauge(MetricNames.IncidentsOpen, () => reader.Current.OpenIncidents.Select(s =>
                new Measurement<int>(s.Value, Tag("severity", s.Key.ToString().ToLowerInvariant()))),
            description: "Open incidents, by severity");
    }

    private static IEnumerable<Measurement<double>> Present(IEnumerable<ModelSummary> models, Func<ModelSummary, double?> read) =>
        models.Select(m => (m.Id, Value: read(m))).Where(x => x.Value is { } v && double.IsFinite(v))
            .Select(x => new Measurement<double>(x.Value!.Value, Tag("model", x.Id)));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
