using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring.Windows;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// What the model's inputs and segments say at an evaluation, for the drift, diversity and fairness readings (and so
/// their thresholds and rules), each with the rows behind it. <see cref="FairnessGap"/> is the largest gap between
/// segments holding <see cref="FairnessMinSamples"/> labels each; <see cref="FairnessSamples"/> is the labelled
/// predictions of the second-best-labelled segment, since a gap needs two segments with enough labels.
/// <see cref="Unlabelled"/>: predictions whose outcome did not come within the label horizon.
/// </summary>
public readonly record struct InputSignals(double? DriftedShare, long DriftRows, double? TopCategoryShare, long CategoryRows,
    double? FairnessGap = null, long FairnessSamples = 0, long Unlabelled = 0)
{
    /// <summary>The labels each segment needs before it counts in the gap: the fairness limit's, 1,000 without one.</summary>
    public static long FairnessMinSamples(ModelDefinition model) =>
        model.Thresholds[ThresholdCatalogue.Fairness]?.MinSamples ?? SegmentQuality.MinSamples;
}
