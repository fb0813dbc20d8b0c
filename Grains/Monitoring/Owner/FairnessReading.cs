using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>Fairness by segment over a review's period (<see cref="SegmentFairness"/>), from the owner's segment days.</summary>
public static class FairnessReading
{
    public static SegmentFairness Of(ModelDefinition model, QualityDays days, long fromDay, long toDay)
    {
        var limit = model.Thresholds[ThresholdCatalogue.Fairness];
        var minSamples = limit?.MinSamples ?? Windows.SegmentQuality.MinSamples;
        var segments = days.SegmentsBetween(fromDay, toDay)
            .Select(s => s.Quality.Measure(model.QualityMetric) is var (quality, samples) ? new SegmentLine(s.Segment, quality, samples) : null!)
            .ToList();
        var judged = segments.Where(s => s.Quality is not null && s.Samples >= minSamples).Select(s => s.Quality!.Value).ToList();
        double? gap = judged.Count < 2 ? null : judged.Max() - judged.Min();
        var finding = gap is not { } g ? "not judged" : limit is null ? "no limit" : g > limit.Value ? "over limit" : "within limit";
        return new SegmentFairness(segments, minSamples, gap, limit?.Value, finding);
    }
}
