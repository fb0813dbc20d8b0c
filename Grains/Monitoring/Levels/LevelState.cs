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
    /// <summary>
    /// When the model's current version began to be judged (its quality, drift and segment windows start empty then);
    /// null for the first version. A recovery from those thresholds holds no longer than the data behind them.
    /// </summary>
    [Id(7)] public DateTimeOffset? VersionSince { get; set; }
    /// <summary>The thresholds recovered from within the last day (see <see cref="HeldBreach.Relapses"/>).</summary>
    [Id(8)] public List<RecoveredBreach> Recovered { get; set; } = [];

    /// <summary>
    /// Set when the policy changed what decides a future transition without making one (a recovery hold starting or
    /// broken, a breach joining the held ones or going unjudged): the owner must save it with its next checkpoint,
    /// or a deactivated model would recover at another time. Not state itself.
    /// </summary>
    public bool Unsaved { get => _unsaved; set => _unsaved = value; }

    [NonSerialized] private bool _unsaved;
}
