namespace Fleet.Exercises;

/// <summary>
/// The facilitator's live view of an exercise: per team, one timeline of the scenario's injections with their true
/// impact beside what the team did (acknowledgements, actions, answers), the team's bad serving over time, and its
/// current scores. Facilitators only: it carries the injections and the simulator's truth.
/// </summary>
public sealed record ExerciseTimeline(string Exercise, string State, DateTimeOffset? ImpactStart, IReadOnlyList<TeamTimeline> Teams);

/// <summary>One team: where its run is, its moments in event-time order, its impact over time, and its scores so far.</summary>
public sealed record TeamTimeline(string Team, string? RunId, DateTimeOffset? Now, TeamScore Score, IReadOnlyList<TimelineMoment> Moments,
    IReadOnlyList<ImpactSpan> Impact);

/// <summary>
/// Something that happened in a team's run. <see cref="Side"/> says whose it is: <c>scenario</c> (an injection starting
/// or ending), <c>monitor</c> (an incident opened or resolved) or <c>team</c> (an acknowledgement, a mitigation, an
/// operator action, a decision point's answer). An injection carries its true impact: the predictions served badly
/// beyond the healthy run while it lasted (so far), in this team's run and had nobody responded.
/// </summary>
public sealed record TimelineMoment(DateTimeOffset At, string Side, string Kind, string What, string By, string Detail,
    long? Impact = null, long? DoNothingImpact = null);

/// <summary>Bad predictions beyond the healthy run in [From, To): served by the team, and had nobody responded.</summary>
public sealed record ImpactSpan(DateTimeOffset From, DateTimeOffset To, long Bad, long DoNothingBad);
