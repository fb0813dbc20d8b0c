using Fleet.Monitoring.Ingestion;
using Fleet.Monitoring.Windows;

namespace Fleet.Monitoring;

/// <summary>
/// Everything that moves with each batch, checkpointed together on an interval and on deactivation:
/// the windows, the predictions awaiting outcomes, the ids of recent batches, the running counts and the owner's windows.
/// </summary>
[GenerateSerializer]
public sealed class WindowCheckpoint
{
    [Id(0)] public RollingWindows Windows { get; set; } = new();
    [Id(1)] public PendingPredictions Pending { get; set; } = new();
    [Id(2)] public BatchLedger Ledger { get; set; } = new();
    [Id(3)] public long Batches { get; set; }
    [Id(4)] public long DuplicateBatches { get; set; }
    [Id(5)] public long Predictions { get; set; }
    [Id(6)] public long Outcomes { get; set; }
    [Id(7)] public long UnmatchedOutcomes { get; set; }
    [Id(8)] public Drift.DriftTracker Drift { get; set; } = new();
    [Id(9)] public QualityDetectors Detectors { get; set; } = new();
    [Id(10)] public SegmentQuality Segments { get; set; } = new();
    /// <summary>The batch log position of the last batch this checkpoint holds: replay starts after it.</summary>
    [Id(11)] public long LogPosition { get; set; }
    /// <summary>The product owner's engagement and value windows, holdout and candidate predictions, rollout comparison.</summary>
    [Id(12)] public Owner.OwnerState Owner { get; set; } = new();
    /// <summary>Predictions that waited the whole label horizon without an outcome and were expired (see <see cref="PendingPredictions.LabelHorizon"/>).</summary>
    [Id(13)] public long Unlabelled { get; set; }
    /// <summary>Predictions that carried a user id: none, and users affected are not measured.</summary>
    [Id(14)] public long PredictionsWithUser { get; set; }
    /// <summary>The distinct users served badly, per hour; null until a badly served request carries a user id.</summary>
    [Id(15)] public Users.AffectedUsers? AffectedUsers { get; set; }

    public long EstimatedBytes() => 96 + Windows.EstimatedBytes() + Pending.EstimatedBytes() + Ledger.EstimatedBytes() + Drift.EstimatedBytes()
        + Owner.EstimatedBytes() + (AffectedUsers?.EstimatedBytes() ?? 0);
}
