namespace Fleet.Simulation.Scenarios;

/// <summary>The scenario file as written (YAML, camelCase keys). <see cref="ScenarioLoader"/> checks and converts it.</summary>
public sealed class ScenarioDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? GoodResponse { get; set; }
    public int? Seed { get; set; }
    public string? Start { get; set; }
    public string? Duration { get; set; }
    public string? Tick { get; set; }
    public List<FleetGroupDocument>? Fleet { get; set; }
    public TrafficDocument? Traffic { get; set; }
    public List<InjectionDocument>? Injections { get; set; }
    public List<ActionDocument>? Actions { get; set; }
    public List<ExpectationDocument>? Expectations { get; set; }
    public List<IdealActionDocument>? IdealResponse { get; set; }
    public List<DecisionPointDocument>? DecisionPoints { get; set; }
}

public sealed class DecisionPointDocument
{
    public string? At { get; set; }
    public string? When { get; set; }
    public string? Question { get; set; }
    public List<string>? Choices { get; set; }
}

/// <summary>One step of the ideal response: an action on targets, due before a time (offset from the start).</summary>
public sealed class IdealActionDocument
{
    public string? Action { get; set; }
    public TargetDocument? Targets { get; set; }
    public string? Before { get; set; }
    public int? Level { get; set; }
    public string? Stage { get; set; }
}

public sealed class FleetGroupDocument
{
    /// <summary>A recording's or an import's id: its models play their stored traffic (no other field of the entry is allowed).</summary>
    public string? Recording { get; set; }
    public string? Domain { get; set; }
    public int? Count { get; set; }
    public string? Owner { get; set; }
    public string? Team { get; set; }
    public List<string>? Tags { get; set; }
    public List<string>? DataSources { get; set; }
    public double? Rate { get; set; }
    public bool? Thresholds { get; set; }
    public string? RetrainEvery { get; set; }
    public CandidateDocument? Candidate { get; set; }
}

public sealed class CandidateDocument
{
    public string? Version { get; set; }
    public string? Stage { get; set; }
    public string? WeakSegment { get; set; }
    public double? WeakFlip { get; set; }
}

public sealed class RolloutExpectationDocument
{
    public string? Verdict { get; set; }
    public string? Segment { get; set; }
}

public sealed class TrafficDocument
{
    public double? Rate { get; set; }
    public string? Shape { get; set; }
    public List<double>? HourlyShape { get; set; }
    public string? LabelDelay { get; set; }
    /// <summary>Outcomes carry what users did (engagement, feedback, opt-outs, value).</summary>
    public bool? Responses { get; set; }
    /// <summary>Share of requests the baseline answers as a holdout (0 to 0.5).</summary>
    public double? Holdout { get; set; }
}

public sealed class TargetDocument
{
    public List<string>? Ids { get; set; }
    public string? Domain { get; set; }
    public string? Tag { get; set; }
    public string? DataSource { get; set; }
    public double? Percent { get; set; }
}

public sealed class InjectionDocument
{
    public string? Name { get; set; }
    public string? At { get; set; }
    public string? Fault { get; set; }
    public TargetDocument? Targets { get; set; }
    public double? Magnitude { get; set; }
    public string? Ramp { get; set; }
    public string? Duration { get; set; }
    public string? Feature { get; set; }
    public string? Mode { get; set; }
    public string? Segment { get; set; }
    public string? Period { get; set; }
}

public sealed class ActionDocument
{
    public string? At { get; set; }
    public string? Action { get; set; }
    public TargetDocument? Targets { get; set; }
    public string? By { get; set; }
    public string? Reason { get; set; }
    public int? Level { get; set; }
    public string? Stage { get; set; }
    public string? Duration { get; set; }
    public string? Rule { get; set; }
}

public sealed class ExpectationDocument
{
    public string? Description { get; set; }
    public TargetDocument? Targets { get; set; }
    public int? ReachesLevel { get; set; }
    public string? Within { get; set; }
    public string? After { get; set; }
    public int? MaxLevel { get; set; }
    public int? EndsAtMostLevel { get; set; }
    public RolloutExpectationDocument? Rollout { get; set; }
}
