namespace Fleet.Monitoring.Levels;

/// <summary>
/// What the model's inputs and segments say, for the drift, diversity and fairness thresholds: judged only over
/// enough rows. <see cref="FairnessSamples"/> is the labelled predictions of the second-best-labelled segment, since
/// a gap needs two segments with enough labels.
/// </summary>
public sealed record InputSignals(double? DriftedShare, long DriftRows, double? TopCategoryShare, long CategoryRows,
    double? FairnessGap = null, long FairnessSamples = 0);
