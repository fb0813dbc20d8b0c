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
    string Digest);

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

/// <summary>An operator's action on a model during a run (from the API, the CLI or the scenario itself).</summary>
public sealed record RunAction(string Model, string Action, string By, string Reason, int? Level = null, string? Stage = null);

/// <summary>A fault injected by hand into a running scenario.</summary>
public sealed record RunInjection(string Fault, IReadOnlyList<string> Models, double? Magnitude, string? Duration, string? Ramp, string? Feature, string? Mode, string? Segment);

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
        CancellationToken cancellationToken, string? name = null);
    RunStatus? SetSpeed(string id, double speed);
    RunStatus? Pause(string id);
    RunStatus? Resume(string id);
    RunStatus? Step(string id);
    /// <summary>Makes the run pause by itself when its clock reaches each of these times (exercise decision points).</summary>
    RunStatus? HoldAt(string id, IReadOnlyList<DateTimeOffset> times);
    RunStatus? Stop(string id);
    /// <summary>Queues an action for the next tick; the answer names the field at fault and why, or null.</summary>
    Fleet.Events.ValidationError? Act(string id, RunAction action);

    /// <summary>Checks a manual injection as a scenario's injection is checked and starts it at the next tick; or names the field at fault.</summary>
    Fleet.Events.ValidationError? Inject(string id, RunInjection injection);
    IReadOnlyList<string> Scenarios();

    /// <summary>The run (running or paused) whose world is <paramref name="world"/> and that simulates this model, and its virtual now; null if none.</summary>
    (string RunId, DateTimeOffset Now)? FindRun(string world, string model);

    /// <summary>What the run of <paramref name="world"/> did to this model: its actions, launches, retrainings and the injections that hit it.</summary>
    IReadOnlyList<JournalEntry> JournalFor(string world, string model);
}
