namespace Fleet.Exercises;

/// <summary>
/// Creates, steers and scores exercises; each team's run goes through <c>IRunControl</c> (the host's run control). A host
/// service (the silo that co-hosts the dashboard implements it), declared beside the API that serves it.
/// </summary>
public interface IExerciseControl
{
    Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct);
    Task<Exercise?> GetAsync(string id, CancellationToken ct);
    Task<(Exercise? Exercise, Fleet.Events.ValidationError? Error)> CreateAsync(ExerciseRequest request, CancellationToken ct);
    /// <summary>Start, pause, resume, end (or, for a tabletop, next) every team's run; null when no such exercise, or the field at fault.</summary>
    Task<(Exercise? Exercise, Fleet.Events.ValidationError? Error)> SteerAsync(string id, string command, CancellationToken ct);
    Task<ExerciseScore?> ScoreAsync(string id, CancellationToken ct);

    /// <summary>Per team, the injections and their true impact beside what the team did, and its scores so far; null when no such exercise.</summary>
    Task<ExerciseTimeline?> TimelineAsync(string id, CancellationToken ct);

    /// <summary>The seat a join code gives: its team's world, while the exercise has started and not ended; else null.</summary>
    Task<TraineeSeat?> JoinAsync(string code, CancellationToken ct);

    /// <summary>Whether a seat is still good (the exercise not ended, the team still playing that world).</summary>
    Task<bool> AdmitsAsync(TraineeSeat seat, CancellationToken ct);

    /// <summary>The question open for the team playing <paramref name="world"/> (its run stopped at a decision point, unanswered); null when none.</summary>
    Task<DecisionRecord?> OpenQuestionAsync(string world, CancellationToken ct);

    /// <summary>Records the team's answer to its open question; the field at fault otherwise. The run stays stopped until the facilitator resumes.</summary>
    Task<(DecisionRecord? Answered, Fleet.Events.ValidationError? Error)> AnswerAsync(string world, DecisionAnswerRequest answer, CancellationToken ct);
}

/// <summary>Where a trainee sits: an exercise, a team, and the one world the trainee may see and act in.</summary>
public sealed record TraineeSeat(string Exercise, string Team, string World);
