namespace Fleet.Runs;

/// <summary>
/// Starts, steers and reads simulated runs, wherever in the cluster they play: a host service (the silo implements it,
/// a dashboard-only host has none), declared beside the API that serves it rather than among the grain interfaces.
/// Asynchronous throughout: a run another silo plays is read and steered through an Orleans call, which no caller
/// should block a thread on.
/// </summary>
public interface IRunControl
{
    Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The run's status: from the silo that plays it, or from the journal once it has ended (whoever played it); null if no such run.</summary>
    Task<RunStatus?> GetAsync(string id, CancellationToken cancellationToken = default);
    Task<RunSummary?> SummaryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>What the run served by the simulator's truth so far (exercise scores); null if no such run.</summary>
    Task<RunImpact?> ImpactAsync(string id, CancellationToken cancellationToken = default);
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
    Task<(RunStatus? Status, Fleet.Events.ValidationError? Error)> JumpAsync(string id, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Every recorded run (from the journal: it survives restarts), newest first.</summary>
    Task<IReadOnlyList<RunListing>> ListRecordedAsync(CancellationToken cancellationToken);

    /// <summary>A page of a run's journal after the cursor; null when there is no such recorded run.</summary>
    Task<JournalPage?> JournalAsync(string id, long after, int limit, CancellationToken cancellationToken);

    /// <summary>A replay beside its original (digest, first difference, detection of both); null when <paramref name="id"/> is not a recorded replay.</summary>
    Task<ReplayComparison?> CompareAsync(string id, CancellationToken cancellationToken);
    Task<RunStatus?> SetSpeedAsync(string id, double speed, CancellationToken cancellationToken = default);
    Task<RunStatus?> PauseAsync(string id, CancellationToken cancellationToken = default);
    Task<RunStatus?> ResumeAsync(string id, CancellationToken cancellationToken = default);
    Task<RunStatus?> StepAsync(string id, CancellationToken cancellationToken = default);
    /// <summary>Makes the run pause by itself when its clock reaches each of these times (exercise decision points).</summary>
    Task<RunStatus?> HoldAtAsync(string id, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken = default);
    /// <summary>
    /// Makes the run pause by itself after the tick in which each of these decision points without a time (its first page,
    /// an expectation first holding; indices into the scenario's decisionPoints) happens.
    /// </summary>
    Task<RunStatus?> HoldAtTriggersAsync(string id, IReadOnlyList<int> points, CancellationToken cancellationToken = default);
    /// <summary>The end of the tick in which that decision point happened in the run; null before it did, or if no such run.</summary>
    Task<DateTimeOffset?> TriggeredAtAsync(string id, int point, CancellationToken cancellationToken = default);
    Task<RunStatus?> StopAsync(string id, CancellationToken cancellationToken = default);
    /// <summary>
    /// Accepts an action for the next tick and journals it durably before returning; the answer names the field at
    /// fault and why, or null.
    /// </summary>
    Task<Fleet.Events.ValidationError?> ActAsync(string id, RunAction action);

    /// <summary>Accepts an act on the run's alert book for the next tick and journals it durably before returning; or names the field at fault.</summary>
    Task<Fleet.Events.ValidationError?> ActOnBookAsync(string id, RunBookAction action);

    /// <summary>
    /// Checks a manual injection as a scenario's injection is checked, journals it durably and starts it at the next
    /// tick; or names the field at fault.
    /// </summary>
    Task<Fleet.Events.ValidationError?> InjectAsync(string id, RunInjection injection);

    /// <summary>Journals durably a note on the run that changes nothing in it (an exercise team's answer); never replayed.</summary>
    Task<Fleet.Events.ValidationError?> NoteAsync(string id, string kind, string target, string by, string detail);
    IReadOnlyList<string> Scenarios();

    /// <summary>The fault kinds a run can be given, as scenarios name them (the runs panel's inject form; never a trainee's).</summary>
    IReadOnlyList<string> Faults();

    /// <summary>The run (running or paused) whose world is <paramref name="world"/> and that simulates this model, and its virtual now; null if none.</summary>
    Task<(string RunId, DateTimeOffset Now)?> FindRunAsync(string world, string model, CancellationToken cancellationToken = default);

    /// <summary>What the run of <paramref name="world"/> did to this model: its actions, launches, retrainings and the injections that hit it.</summary>
    Task<IReadOnlyList<JournalEntry>> JournalForAsync(string world, string model, CancellationToken cancellationToken = default);
}
