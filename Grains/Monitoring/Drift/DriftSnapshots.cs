using Fleet.Snapshots;

namespace Fleet.Monitoring.Drift;

/// <summary>Turns drift reports into the snapshot's shape (finite numbers only: JSON has no NaN).</summary>
public static class DriftSnapshots
{
    public static DriftSnapshot From(DriftTracker tracker, ModelDriftReport? report, double? topCategoryShare, IReadOnlyList<string> changes) =>
        report is null
            ? new DriftSnapshot(tracker.ReferenceProgress, DriftTracker.ReferenceRows, 0, null, false, [], null, [], [], topCategoryShare, changes)
            : new DriftSnapshot(tracker.ReferenceProgress, DriftTracker.ReferenceRows, report.Rows, report.DriftedShare, report.InputDrift,
                report.Features.Select(Line).ToList(), report.Score is { } score ? Line(score) : null,
                report.AppearedFeatures, report.DisappearedFeatures, topCategoryShare, changes);

    private static FeatureDriftLine Line(FeatureDriftReport f)
    {
        var statistics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in f.Statistics)
        {
            Put(statistics, s.Name, s.Value);
            if (s.PValue is { } p) Put(statistics, s.Name + "_p_value", p);
        }
        var quality = new Dictionary<string, double>(StringComparer.Ordinal);
        Put(quality, "missing_rate", f.Quality.MissingRate);
        Put(quality, "out_of_range_rate", f.Quality.OutOfRangeRate);
        Put(quality, "unseen_category_rate", f.Quality.UnseenCategoryRate);
        Put(quality, "wrong_type_rate", f.Quality.WrongTypeRate);
        return new FeatureDriftLine(f.Feature, f.Kind.ToString().ToLowerInvariant(), f.Judged, f.Drifted, statistics,
            f.Breaches.ToList(), quality, f.Quality.Breaches, f.DecidedBy, f.DecidedByAny);
    }

    private static void Put(Dictionary<string, double> into, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) into[name] = v;
    }
}
