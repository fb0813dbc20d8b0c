namespace Fleet;

/// <summary>How often a model grain writes what it does not write through (section "Fleet:Models").</summary>
public sealed class ModelGrainOptions
{
    /// <summary>
    /// How long window state stays unwritten after a change. Without the batch log (<see cref="DurableAck"/> false) it is
    /// what a crash can lose; with it, what a recovery replays, and a model holding far more predictions awaiting outcomes
    /// than it logs in that time puts its checkpoint off, up to ten intervals (<see cref="Durability.CheckpointPacing"/>).
    /// Default 30 s.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a changed quality figure is sent to the registry; level, breach and gap changes go at once. Default 2 s.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether an accepted batch is in the batch log before it is acknowledged (default true). False trades that
    /// for speed: a crash then loses what was acknowledged since the last checkpoint (at most <see cref="CheckpointInterval"/>).
    /// </summary>
    public bool DurableAck { get; set; } = true;
}
