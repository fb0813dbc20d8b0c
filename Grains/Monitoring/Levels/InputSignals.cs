namespace Fleet.Monitoring.Levels;

/// <summary>What the inputs say, for the drift and diversity thresholds: judged only over enough rows.</summary>
public sealed record InputSignals(double? DriftedShare, long DriftRows, double? TopCategoryShare, long CategoryRows);
