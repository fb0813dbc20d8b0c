namespace Fleet.Runs;

/// <summary>Where a simulated run is: its virtual clock, speed and progress.</summary>
public sealed record RunStatus(
    string Id,
    string Scenario,
    int Seed,
    string State,
    DateTimeOffset Start,
    DateTimeOffset Now,
    DateTimeOffset End,
    /// <summary>Virtual seconds per wall second; 0 paused; null as fast as possible.</summary>
    double? Speed,
    double Progress,
    long Ticks,
    long Events,
    int Models,
    int Transitions,
    string Digest,
    /// <summary>The run this one replays, if it is a replay.</summary>
    string? ReplayOf = null,
    /// <summary>For a replay that has ended: "digest matches", or where it first differs from the original.</summary>
    string? Verdict = null,
    /// <summary>The event time a jump is playing to (at full speed), or null.</summary>
    DateTimeOffset? JumpingTo = null);

/// <summary>A model's move on the ladder during a run, as the digest sees it.</summary>
public sealed record RunTransition(string Model, int From, int To, DateTimeOffset At, string Reason);

/// <summary>Something that happened to the run from outside the monitor: an injection, an action, a retraining.</summary>
public sealed record JournalEntry(DateTimeOffset At, string Kind, string Target, string By, string Detail);

/// <summary>The verdict on one of the scenario's expectations.</summary>
public sealed record ExpectationResult(string Description, bool Passed, string Detail);

/// <summary>What a finished (or stopped) run produced; <see cref="Digest"/> hashes the transitions in order.</summary>
public sealed record RunSummary(
    string Scenario,
    int Seed,
    DateTimeOffset Start,
    DateTimeOffset End,
    long Ticks,
    long Events,
    int Models,
    string Digest,
    IReadOnlyList<RunTransition> Transitions,
    IReadOnlyDictionary<string, int> FinalLevels,
    IReadOnlyList<ExpectationResult> Expectations,
    IReadOnlyList<JournalEntry> Journal)
{
    public bool ExpectationsPassed => Expectations.All(e => e.Passed);
}

/// <summary>
/// An operator's action (one of <see cref="Fleet.Actions.OperatorActions"/>) on a model during a run, as its journal keeps it to
/// replay it; <see cref="From"/> says where it was taken: api (default), cli or page.
/// </summary>
public sealed record RunAction(string Model, string Action, string By, string Reason, int? Level = null, string? Stage = null, string? From = null,
    string? Duration = null, string? Rule = null)
{
    public Fleet.Actions.ActionArguments Arguments() => new(By, Reason, Level, Stage, Duration, Rule);
}

/// <summary>A fault injected by hand into a running scenario; who injected it and from where (api, cli or page) go in the journal.</summary>
public sealed record RunInjection(string Fault, IReadOnlyList<string> Models, double? Magnitude, string? Duration, string? Ramp, string? Feature, string? Mode,
    string? Segment, string? By = null, string? From = null);

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

/// <summary>Starts, steers and reads simulated runs hosted beside the dashboard.</summary>
public interface IRunControl
{
    IReadOnlyList<RunStatus> List();
    RunStatus? Get(string id);
    RunSummary? Summary(string id);

    /// <summary>What the run served by the simulator's truth so far (exercise scores); null if no such run.</summary>
    RunImpact? Impact(string id);
    /// <summary>
    /// Starts a scenario by name (a file in the scenarios folder) or YAML text; or says which field is wrong.
    /// <paramref name="start"/> is the run's virtual start (default: the scenario's <c>start:</c>, else 2026-01-05T00:00Z).
    /// </summary>
    /// <paramref name="name"/> names the run (its id and world) instead of the scenario: an exercise's runs must not tell trainees the scenario.
    Task<(RunStatus? Status, Fleet.Events.ValidationError? Error)> StartAsync(string scenario, int? seed, DateTimeOffset? start, double? speed, string? until,
        CancellationToken cancellationToken, string source = "scenario", string? name = null);

    /// <summary>
    /// Starts a new run (a world of its own) from a recorded run's definition and inputs; or names the field at fault.
    /// Null status and error when there is no such recorded run.
    /// </summary>
    Task<(RunStatus? Status, Fleet.Events.ValidationError? Error)> ReplayAsync(string id, ReplayRequest request, CancellationToken cancellationToken);

    /// <summary>Plays the run at full speed up to event time <paramref name="to"/>, then at its speed again; or names the field at fault.</summary>
    (RunStatus? Status, Fleet.Events.ValidationError? Error) Jump(string id, DateTimeOffset to);

    /// <summary>Every recorded run (from the journal: it survives restarts), newest first.</summary>
    Task<IReadOnlyList<RunListing>> ListRecordedAsync(CancellationToken cancellationToken);

    /// <summary>A page of a run's journal after the cursor; null when there is no such recorded run.</summary>
    Task<JournalPage?> JournalAsync(string id, long after, int limit, CancellationToken cancellationToken);

    /// <summary>A replay beside its original (digest, first difference, detection of both); null when <paramref name="id"/> is not a recorded replay.</summary>
    Task<ReplayComparison?> CompareAsync(string id, CancellationToken cancellationToken);
    RunStatus? SetSpeed(string id, double speed);
    RunStatus? Pause(string id);
    RunStatus? Resume(string id);
    RunStatus? Step(string id);
    /// <summary>Makes the run pause by itself when its clock reaches each of these times (exercise decision points).</summary>
    RunStatus? HoldAt(string id, IReadOnlyList<DateTimeOffset> times);
    /// <summary>Makes the run pause by itself after the tick in which its first page fires (an exercise decision point).</summary>
    RunStatus? HoldAtFirstPage(string id);
    /// <summary>The end of the tick in which the run's first page fired; null before it did, or if no such run.</summary>
    DateTimeOffset? FirstPageAt(string id);
    RunStatus? Stop(string id);
    /// <summary>
    /// Accepts an action for the next tick and journals it durably before returning; the answer names the field at
    /// fault and why, or null.
    /// </summary>
    Task<Fleet.Events.ValidationError?> ActAsync(string id, RunAction action);

    /// <summary>
    /// Checks a manual injection as a scenario's injection is checked, journals it durably and starts it at the next
    /// tick; or names the field at fault.
    /// </summary>
    Task<Fleet.Events.ValidationError?> InjectAsync(string id, RunInjection injection);

    /// <summary>Journals durably a note on the run that changes nothing in it (an exercise team's answer); never replayed.</summary>
    Task<Fleet.Events.ValidationError?> NoteAsync(string id, string kind, string target, string by, string detail);
    IReadOnlyList<string> Scenarios();

    /// <summary>The run (running or paused) whose world is <paramref name="world"/> and that simulates this model, and its virtual now; null if none.</summary>
    (string RunId, DateTimeOffset Now)? FindRun(string world, string model);

    /// <summary>What the run of <paramref name="world"/> did to this model: its actions, launches, retrainings and the injections that hit it.</summary>
    IReadOnlyList<JournalEntry> JournalFor(string world, string model);
}
