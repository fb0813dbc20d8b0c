using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>A model's place on the ladder and how it got there; written through before a call returns.</summary>
[GenerateSerializer]
public sealed class LevelState
{
    /// <summary>Transitions kept per model; older ones are dropped first.</summary>
    public const int MaxHistory = 500;

    [Id(0)] public DegradationLevel Level { get; set; } = DegradationLevel.FullAi;
    [Id(1)] public DateTimeOffset? Since { get; set; }
    /// <summary>When the model first looked fit for a better level; null while it does not.</summary>
    [Id(2)] public DateTimeOffset? RecoveringSince { get; set; }
    [Id(3)] public List<LevelTransition> History { get; set; } = [];
    /// <summary>A level an operator pinned the model at; the policy only reports breaches meanwhile.</summary>
    [Id(4)] public DegradationLevel? Forced { get; set; }
    /// <summary>The thresholds that hold the model at its level: they must be seen to clear before it recovers.</summary>
    [Id(5)] public List<HeldBreach> HeldBy { get; set; } = [];
    /// <summary>The alert rules' life cycles for this model: written through with the level.</summary>
    [Id(6)] public Alerts.AlertEvaluatorState Alerts { get; set; } = new();
}
