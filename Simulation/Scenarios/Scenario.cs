using System.Globalization;
using Fleet.Actions;
using Fleet.Simulation.Faults;

namespace Fleet.Simulation.Scenarios;

/// <summary>A validated scenario: the fleet, its traffic, and a timeline of injections, actions and expectations.</summary>
public sealed record Scenario(
    string Name,
    string Description,
    string GoodResponse,
    int Seed,
    DateTimeOffset? Start,
    TimeSpan Duration,
    TimeSpan Tick,
    IReadOnlyList<FleetGroup> Fleet,
    TrafficSpec Traffic,
    IReadOnlyList<Injection> Injections,
    IReadOnlyList<ScriptedAction> Actions,
    IReadOnlyList<Expectation> Expectations,
    IReadOnlyList<ScriptedAction> IdealResponse,
    IReadOnlyList<DecisionPoint> DecisionPoints)
{
    public int ModelCount => Fleet.Sum(g => g.Count);

    /// <summary>Recordings and imports (by id) whose traffic plays in the run beside the simulated fleet (<c>fleet: - recording: id</c>).</summary>
    public IReadOnlyList<string> Recordings { get; init; } = [];

    /// <summary>With recordings and no <c>duration:</c> the run lasts as long as the recordings do (the host sets it once it has read them).</summary>
    public bool DurationFromRecordings => Duration == TimeSpan.Zero;
}

/// <summary>A block of similar models: how many of a domain, with whose name on them.</summary>
public sealed record FleetGroup(
    string Domain,
    int Count,
    string? Owner,
    string? Team,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> DataSources,
    double? RatePerSecond,
    bool WithThresholds,
    string? RetrainEvery)
{
    /// <summary>A new version every model of the group rolls out beside the registered one ("1"), declared to the monitor.</summary>
    public ScenarioCandidate? Candidate { get; init; }
}

/// <summary>A candidate version at a rollout stage; wrong <see cref="WeakFlip"/> of the time more in its weak segment.</summary>
public sealed record ScenarioCandidate(string Version, Fleet.Models.RolloutStage Stage, string? WeakSegment, double WeakFlip);

/// <summary>
/// Traffic for every model: predictions per second at the daily peak, the daily shape, label delay, whether outcomes
/// carry users' responses, and the holdout share the baseline answers.
/// </summary>
public sealed record TrafficSpec(double RatePerSecond, IReadOnlyList<double> HourlyShape, TimeSpan LabelDelay,
    bool Responses = false, double HoldoutShare = 0);

/// <summary>Which models an injection, action or expectation is about; empty selectors mean the whole fleet.</summary>
public sealed record TargetSelector(
    IReadOnlyList<string> Ids,
    string? Domain,
    string? Tag,
    string? DataSource,
    double? Percent)
{
    public static readonly TargetSelector Everyone = new([], null, null, null, null);

    /// <summary>Whether a model of the scenario (by its id there, its domain, tags and sources) is among those selected, before any percentage.</summary>
    public bool Matches(string localId, string domain, IReadOnlyList<string> tags, IReadOnlyList<string> dataSources) =>
        (Ids.Count == 0 || Ids.Contains(localId))
        && (Domain is null || domain == Domain)
        && (Tag is null || tags.Contains(Tag))
        && (DataSource is null || dataSources.Contains(DataSource));

    /// <summary>The selector as text, the same under every language setting: what a percentage pick hashes.</summary>
    public string Key() => string.Create(CultureInfo.InvariantCulture,
        $"ids={string.Join(",", Ids)};domain={Domain};tag={Tag};source={DataSource};percent={Percent:R}");

    public override string ToString() =>
        Ids.Count > 0 ? string.Join(",", Ids)
        : string.Join(" ", new[] { Domain is null ? null : $"domain={Domain}", Tag is null ? null : $"tag={Tag}",
            DataSource is null ? null : $"source={DataSource}",
            Percent is { } p ? p.ToString("0.###", CultureInfo.InvariantCulture) + "%" : null }.Where(s => s is not null)) is { Length: > 0 } text ? text : "fleet";
}

/// <summary>A fault switched on at <see cref="At"/> (offset from the start), ramping to full magnitude, for a duration (null: to the end).</summary>
public sealed record Injection(
    string Name,
    TimeSpan At,
    FaultKind Fault,
    TargetSelector Targets,
    double Magnitude,
    TimeSpan Ramp,
    TimeSpan? Duration,
    string? Feature,
    string? Mode,
    string? Segment,
    TimeSpan? Period)
{
    /// <summary>How strongly the fault acts at an offset from the start: 0 before and after, ramping up to 1.</summary>
    public double Intensity(TimeSpan offset)
    {
        if (offset < At || (Duration is { } d && offset >= At + d)) return 0;
        if (Ramp <= TimeSpan.Zero) return 1;
        return Math.Min(1, (offset - At) / Ramp);
    }
}

/// <summary>An action the scenario itself takes at a time (a scripted responder), with its arguments already checked.</summary>
public sealed record ScriptedAction(TimeSpan At, ActionKind Action, TargetSelector Targets, ActionArguments Arguments);

/// <summary>What a run must show, checked like a unit test of the alert rules.</summary>
public sealed record Expectation(
    string Description,
    TargetSelector Targets,
    int? ReachesLevel,
    TimeSpan? Within,
    string? After,
    int? MaxLevel,
    int? EndsAtMostLevel)
{
    /// <summary>The monitor's verdict on the models' candidate at the end of the run, and the segment its reasons name.</summary>
    public ExpectedRollout? Rollout { get; init; }

    /// <summary>
    /// The event-time span in which <see cref="ReachesLevel"/> is looked for: from the start of its <see cref="After"/>
    /// injection (or of the run), for <see cref="Within"/> (or to the end).
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset Until) Span(Scenario scenario, DateTimeOffset start, DateTimeOffset end)
    {
        var from = start + (After is { } name ? scenario.Injections.First(x => x.Name == name).At : TimeSpan.Zero);
        return (from, Within is { } within ? from + within : end);
    }

    /// <summary>Whether a model's move is one <see cref="ReachesLevel"/> waits for: to that level or worse, inside the span.</summary>
    public bool Reaches(int to, DateTimeOffset at, (DateTimeOffset From, DateTimeOffset Until) span) =>
        ReachesLevel is { } reach && to >= reach && at >= span.From && at <= span.Until;
}

/// <summary>A verdict as the monitor says it ("promote", "hold", "roll back") and, optionally, a segment a reason names.</summary>
public sealed record ExpectedRollout(string Verdict, string? Segment);

/// <summary>Where an exercise stops every team's run and asks the trainees a question (free text, optional choices).</summary>
public sealed record DecisionPoint(TimeSpan? At, string Question, IReadOnlyList<string> Choices)
{
    /// <summary>
    /// With no time: the index of the scenario's expectation whose reached level stops each team's run, after the tick in
    /// which it first holds for that team (<c>when:</c> the expectation); null with no time is the first page.
    /// </summary>
    public int? Expectation { get; init; }

    /// <summary>No time given: each team's run stops when something first happens in it (its first page, or an expectation holding).</summary>
    public bool Triggered => At is null;
}
