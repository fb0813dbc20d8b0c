namespace Fleet.Runs;

/// <summary>Where a simulated run is: its virtual clock, speed and progress.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunStatus")]
public sealed record RunStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Scenario,
    [property: Id(2)] int Seed,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset Start,
    [property: Id(5)] DateTimeOffset Now,
    [property: Id(6)] DateTimeOffset End,
    /// <summary>Virtual seconds per wall second; 0 paused; null as fast as possible.</summary>
    [property: Id(7)] double? Speed,
    [property: Id(8)] double Progress,
    [property: Id(9)] long Ticks,
    [property: Id(10)] long Events,
    [property: Id(11)] int Models,
    [property: Id(12)] int Transitions,
    [property: Id(13)] string Digest,
    /// <summary>The run this one replays, if it is a replay.</summary>
    [property: Id(14)] string? ReplayOf = null,
    /// <summary>For a replay that has ended: "digest matches", or where it first differs from the original.</summary>
    [property: Id(15)] string? Verdict = null,
    /// <summary>The event time a jump is playing to (at full speed), or null.</summary>
    [property: Id(16)] DateTimeOffset? JumpingTo = null);

/// <summary>A model's move on the ladder during a run, as the digest sees it.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunTransition")]
public sealed record RunTransition([property: Id(0)] string Model, [property: Id(1)] int From, [property: Id(2)] int To, [property: Id(3)] DateTimeOffset At, [property: Id(4)] string Reason);

/// <summary>Something that happened to the run from outside the monitor: an injection, an action, a retraining.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.JournalEntry")]
public sealed record JournalEntry([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Kind, [property: Id(2)] string Target, [property: Id(3)] string By, [property: Id(4)] string Detail);

/// <summary>The verdict on one of the scenario's expectations.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.ExpectationResult")]
public sealed record ExpectationResult([property: Id(0)] string Description, [property: Id(1)] bool Passed, [property: Id(2)] string Detail);

/// <summary>What a finished (or stopped) run produced; <see cref="Digest"/> hashes the transitions in order.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunSummary")]
public sealed record RunSummary(
    [property: Id(0)] string Scenario,
    [property: Id(1)] int Seed,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End,
    [property: Id(4)] long Ticks,
    [property: Id(5)] long Events,
    [property: Id(6)] int Models,
    [property: Id(7)] string Digest,
    [property: Id(8)] IReadOnlyList<RunTransition> Transitions,
    [property: Id(9)] IReadOnlyDictionary<string, int> FinalLevels,
    [property: Id(10)] IReadOnlyList<ExpectationResult> Expectations,
    [property: Id(11)] IReadOnlyList<JournalEntry> Journal)
{
    public bool ExpectationsPassed => Expectations.All(e => e.Passed);
}

/// <summary>
/// An operator's action (one of <see cref="Fleet.Actions.OperatorActions"/>) on a model during a run, as its journal keeps it to
/// replay it; <see cref="From"/> says where it was taken: api (default), cli or page.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunAction")]
public sealed record RunAction([property: Id(0)] string Model, [property: Id(1)] string Action, [property: Id(2)] string By, [property: Id(3)] string Reason,
    [property: Id(4)] int? Level = null, [property: Id(5)] string? Stage = null, [property: Id(6)] string? From = null,
    [property: Id(7)] string? Duration = null, [property: Id(8)] string? Rule = null)
{
    public Fleet.Actions.ActionArguments Arguments() => new(By, Reason, Level, Stage, Duration, Rule);
}

/// <summary>
/// An operator's act on a run's alert book (acknowledge, mitigate or silence, as <see cref="Fleet.Actions.OperatorActions"/> names
/// them, or <see cref="Unsilence"/>), journaled as a run input so a resumed or replayed run plays it again. <see cref="Target"/> is an
/// incident id, for an acknowledgement also a "rule/model" alert, for a silence what its <see cref="Matcher"/> covers, and for
/// lifting a silence its id. A silence lasts <see cref="Duration"/> (e.g. 30m) from the tick it applies at.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunBookAction")]
public sealed record RunBookAction([property: Id(0)] string Action, [property: Id(1)] string Target, [property: Id(2)] string By,
    [property: Id(3)] string? Reason = null, [property: Id(4)] Fleet.Monitoring.Incidents.SilenceMatcher? Matcher = null,
    [property: Id(5)] string? Duration = null)
{
    /// <summary>Lifts the silence <see cref="Target"/> names before it expires (no operator action of its own: the page lifts silences from their list).</summary>
    public const string Unsilence = "unsilence";
}

/// <summary>A fault injected by hand into a running scenario; who injected it and from where (api, cli or page) go in the journal.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunInjection")]
public sealed record RunInjection([property: Id(0)] string Fault, [property: Id(1)] IReadOnlyList<string> Models, [property: Id(2)] double? Magnitude, [property: Id(3)] string? Duration, [property: Id(4)] string? Ramp, [property: Id(5)] string? Feature, [property: Id(6)] string? Mode,
    [property: Id(7)] string? Segment, [property: Id(8)] string? By = null, [property: Id(9)] string? From = null);

/// <summary>Where an outside input may come from.</summary>
public static class InputOrigins
{
    public static readonly IReadOnlyList<string> All = ["api", "cli", "page"];

    /// <summary>The origin a request names (api when it names none), or null when it names one not in <see cref="All"/>.</summary>
    public static string? Normalize(string? from) => string.IsNullOrEmpty(from) ? "api" : All.Contains(from) ? from : null;
}

/// <summary>
/// What a replay changes, if anything: its speed (null as fast as possible), where it stops, and for a what-if the
/// recorded actions left out or other thresholds (YAML, see <c>ThresholdOverrides</c>) for every model of the fleet.
/// </summary>
public sealed record ReplayRequest(double? Speed = null, string? Until = null, bool WithoutActions = false, string? Thresholds = null);
