using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// A model's maturity curve over a review's period (<see cref="MaturityCurve"/>): its quality per day from the owner's
/// quality days, where the period's quality stands against launch, target and stretch, the trend of the days and the
/// uplift over the registered baseline.
/// </summary>
public static class MaturityReading
{
    public static MaturityCurve Of(ModelDefinition model, QualityDays days, long fromDay, long toDay, double? current)
    {
        var metric = model.QualityMetric;
        var curve = new List<MaturityDay>();
        for (var day = fromDay; day <= toDay; day++)
        {
            var (quality, samples) = days.OnDay(day).Measure(metric);
            curve.Add(new MaturityDay(new DateTimeOffset(day * TimeSpan.TicksPerDay, TimeSpan.Zero), quality, samples));
        }
        var targets = model.Thresholds.Quality;
        var slope = Slope(curve);
        var measured = curve.Where(d => d.Quality is not null).ToList();
        var trend = slope is not { } b ? "n/a"
            : Math.Abs(b * (measured[^1].Day - measured[0].Day).TotalDays) <= ModelReviewBuilder.SteadyWithin * Math.Abs(measured.Average(d => d.Quality!.Value)) ? "steady"
            : (b > 0) != metric.LowerIsBetter() ? "better" : "worse";
        double? uplift = current is { } q && model.Baseline is { } baseline ? q - baseline : null;
        double? ratio = current is { } c && model.Baseline is { } r && r != 0 ? c / r : null;
        return new MaturityCurve(Fleet.Catalogue.ThresholdCatalogue.MetricName(metric), targets.Launch, targets.Target, targets.Stretch, current,
            Stands(current, targets, metric.LowerIsBetter()), slope, trend, model.Baseline, uplift, ratio, curve);
    }

    /// <summary>The highest mark reached: "stretch", "target", "launch" or "below launch" (for MAE the marks are upper bounds).</summary>
    public static string Stands(double? quality, QualityTargets targets, bool lowerIsBetter)
    {
        if (quality is not { } q) return "n/a";
        bool Reaches(double mark) => lowerIsBetter ? q <= mark : q >= mark;
        return Reaches(targets.Stretch) ? "stretch" : Reaches(targets.Target) ? "target" : Reaches(targets.Launch) ? "launch" : "below launch";
    }

    /// <summary>The ordinary least-squares slope of quality per day over the days that have one; null with fewer than two.</summary>
    public static double? Slope(IReadOnlyList<MaturityDay> days)
    {
        var points = days.Where(d => d.Quality is not null).Select(d => (X: d.Day.UtcTicks / (double)TimeSpan.TicksPerDay, Y: d.Quality!.Value)).ToList();
        if (points.Count < 2) return null;
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return sxy / sxx;
    }
}
