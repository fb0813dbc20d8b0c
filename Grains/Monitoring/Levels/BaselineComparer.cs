using System.Globalization;
using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// Frames quality against what users get without the model ("78% vs 12% baseline = 6.5x") and
/// places it on the maturation curve (below-launch, launch, target, stretch).
/// </summary>
public static class BaselineComparer
{
    public static BaselineComparison? Compare(ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows)
    {
        var targets = model.Thresholds.Quality;
        if (windows[targets.Window].Quality is not { } quality) return null;
        var metric = model.QualityMetric;
        var lowerIsBetter = metric.LowerIsBetter();
        double? ratio = model.Baseline switch
        {
            null => null,
            var b when lowerIsBetter => quality > 0 ? b / quality : null,
            var b => b > 0 ? quality / b : null,
        };
        var maturity = Maturity(quality, targets, lowerIsBetter);
        var text = $"{ThresholdCatalogue.MetricName(metric)} {ThresholdCatalogue.QualityText(metric, quality)}";
        var summary = model.Baseline is { } baseline
            ? $"{text} vs {ThresholdCatalogue.QualityText(metric, baseline)} baseline" +
              (ratio is { } r ? $" = {r.ToString("0.0", CultureInfo.InvariantCulture)}x{(lowerIsBetter ? " better" : "")}" : "")
            : $"{text} (no baseline set)";
        return new BaselineComparison(metric, targets.Window, quality, model.Baseline, ratio, maturity, summary);
    }

    private static string Maturity(double quality, QualityTargets targets, bool lowerIsBetter)
    {
        bool Reaches(double bar) => lowerIsBetter ? quality <= bar : quality >= bar;
        return Reaches(targets.Stretch) ? "stretch" : Reaches(targets.Target) ? "target" : Reaches(targets.Launch) ? "launch" : "below-launch";
    }
}
