namespace Fleet.Exercises;

// An exercise as the exercises API reads and answers it (create, steer, score; join and decision requests).

/// <summary>
/// A training exercise: one scenario and seed, played by each team in its own run (its own world), so teams
/// are compared fairly. <see cref="Scenario"/> is the scenario's text (a shipped name is resolved to its text at
/// creation, so the exercise still means the same if the file changes).
/// </summary>
public sealed record Exercise(
    string Id,
    string Name,
    string Scenario,
    int? Seed,
    DateTimeOffset? Start,
    double? Speed,
    string State,
    IReadOnlyList<ExerciseTeam> Teams,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    public const string Created = "created", Running = "running", Paused = "paused", Ended = "ended";

    /// <summary>Every decision point each team reached: the question, when it was asked, and the team's answer.</summary>
    public IReadOnlyList<DecisionRecord> Decisions { get; init; } = [];

    /// <summary>
    /// For a tabletop, the ended run it steps through: each team's run replays it (its recorded actions included), never
    /// plays live, and moves only on the facilitator's <c>next</c>, from one decision point to the next.
    /// </summary>
    public string? Tabletop { get; init; }
}

/// <summary>
/// A decision point as a team met it: asked when its run stopped there (wall time), answered with free text and an
/// optional choice, and how long the team took.
/// </summary>
public sealed record DecisionRecord(string Team, int Point, string Question, IReadOnlyList<string> Choices, DateTimeOffset At,
    DateTimeOffset AskedAt, string? Answer = null, string? Choice = null, string? By = null, DateTimeOffset? AnsweredAt = null, TimeSpan? TimeTaken = null);

/// <summary>A team's answer to its open decision point (POST /api/decisions).</summary>
public sealed record DecisionAnswerRequest(int? Point, string? Answer, string? Choice, string? By);

/// <summary>A team: its trainees, the code they join with, and the run (world) it plays once started.</summary>
public sealed record ExerciseTeam(string Name, IReadOnlyList<string> Trainees, string JoinCode, string? RunId);

/// <summary>
/// What the facilitator asks for: a name, a scenario (a shipped name or YAML text) or a recording's or an import's id
/// (each team plays a copy of it), the teams.
/// </summary>
public sealed record ExerciseRequest(string? Name, string? Scenario, int? Seed, DateTimeOffset? Start, double? Speed,
    IReadOnlyList<ExerciseTeamRequest>? Teams, string? By, string? Recording = null, string? Tabletop = null);

public sealed record ExerciseTeamRequest(string? Name, IReadOnlyList<string>? Trainees);

/// <summary>A trainee joining with the team's code (POST /api/exercises/join), under a display name.</summary>
public sealed record JoinRequest(string? Code, string? Name);

/// <summary>
/// One team's scores against the scenario (all times in event time; durations from the impact start, except
/// time to acknowledge, which runs from the first page). Null where the milestone was not reached.
/// </summary>
public sealed record TeamScore(
    string Team,
    string? RunId,
    DateTimeOffset? ImpactStart,
    TimeSpan? TimeToDetect,
    TimeSpan? TimeToAcknowledge,
    TimeSpan? TimeToMitigate,
    TimeSpan? TimeToResolve,
    string? MitigatedBy,
    long Impact,
    long ImpactWrong,
    long ImpactDegraded,
    long DoNothingImpact,
    long? IdealImpact,
    long? ExcessOverIdeal,
    IReadOnlyList<ScoredAction> UselessActions,
    int UnacknowledgedAlerts,
    IReadOnlyList<ScoredAction> Actions);

/// <summary>An action a team took, as the score sees it.</summary>
public sealed record ScoredAction(DateTimeOffset At, string Action, string Model, string By);

/// <summary>The scoreboard: every team side by side, fewest bad predictions first.</summary>
public sealed record ExerciseScore(string Exercise, string State, DateTimeOffset? ImpactStart, IReadOnlyList<string> AffectedModels, IReadOnlyList<TeamScore> Teams)
{
    /// <summary>
    /// The scores left out because there is no simulator truth to measure them by (every model plays a recording): they
    /// read 0 or null. The impact start and affected models then come from the teams' alert books.
    /// </summary>
    public IReadOnlyList<string> NotScored { get; init; } = [];

    /// <summary>The scenario's ideal response as its counterfactual run played it (each action at its latest good time); empty when it states none.</summary>
    public IReadOnlyList<ScoredAction> IdealResponse { get; init; } = [];

    public static readonly IReadOnlyList<string> TruthScores =
        ["impact", "impactWrong", "impactDegraded", "doNothingImpact", "idealImpact", "excessOverIdeal", "timeToMitigate", "timeToResolve", "uselessActions"];
}

