namespace Fleet.Runs;

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
