using Microsoft.Extensions.Options;

namespace Fleet;

/// <summary>How often a model grain writes what it does not write through (section "Fleet:Models").</summary>
public sealed class ModelGrainOptions
{
    /// <summary>
    /// How long window state stays unwritten after a change. Without the batch log (<see cref="DurableAck"/> false) it is
    /// what a crash can lose; with it, what a recovery replays, and a model holding far more predictions awaiting outcomes
    /// than it logs in that time puts its checkpoint off, up to <see cref="CheckpointLongestGap"/> intervals
    /// (<see cref="Durability.CheckpointPacing"/>). Default 30 s.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With the batch log on, the most intervals a model's checkpoint is put off while it logs far fewer events than it
    /// keeps waiting for outcomes (the last of them is written): less checkpoint writing against a longer replay after a
    /// crash. 1 writes every interval. Default 10 (5 minutes at the default interval).
    /// </summary>
    public int CheckpointLongestGap { get; set; } = 10;

    /// <summary>How often a changed quality figure is sent to the registry; level, breach and gap changes go at once. Default 2 s.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether an accepted batch is in the batch log before it is acknowledged (default true). False trades that
    /// for speed: a crash then loses what was acknowledged since the last checkpoint (at most <see cref="CheckpointInterval"/>).
    /// </summary>
    public bool DurableAck { get; set; } = true;
}

/// <summary>Refuses, at the host's start, "Fleet:Models" settings a grain cannot run with, naming the setting.</summary>
public sealed class ModelGrainOptionsValidation : IValidateOptions<ModelGrainOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelGrainOptions o) =>
        o.CheckpointInterval <= TimeSpan.Zero ? Fail("Fleet:Models:CheckpointInterval must be positive")
        : o.SummaryInterval <= TimeSpan.Zero ? Fail("Fleet:Models:SummaryInterval must be positive")
        : o.CheckpointLongestGap < 1 ? Fail("Fleet:Models:CheckpointLongestGap must be at least 1 (1 writes every interval)")
        : ValidateOptionsResult.Success;

    private static ValidateOptionsResult Fail(string why) => ValidateOptionsResult.Fail(why);
}
