using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Reports;

/// <summary>What a postmortem is written about: a simulated run (its world), or one incident of a world.</summary>
public enum ReportSubject
{
    Run,
    Incident,
}

/// <summary>One affected model as its grain knows it: the snapshot (level history, gaps, readings), its 1h and 24h series and its audited actions.</summary>
public sealed record ModelFacts(ModelSnapshot Snapshot, IReadOnlyList<ModelSeries> Series, IReadOnlyList<ActionRecord> Actions);

/// <summary>One team's score on one criterion of an exercise (filled in by the exercise scoring when it exists).</summary>
public sealed record TeamScore(string Criterion, double Score, double OutOf, string Detail);

/// <summary>An exercise team's scores, beside the ideal response; a run report without them has no exercise section.</summary>
public sealed record ExerciseScores(string Team, string IdealResponse, IReadOnlyList<TeamScore> Scores);

/// <summary>
/// Every fact a postmortem is drawn from, gathered once (<see cref="ReportFactSource"/>) so that building and rendering
/// read nothing else. <see cref="Run"/> is the run's durable journal (injections, actions, level changes): present for a
/// run, absent for an incident, whose report says only what the monitor's evidence shows. For a run,
/// <see cref="Alerts"/> holds every episode of each alert and <see cref="Firings"/> every time one fired (both from the
/// journal); for an incident, the book's latest state of each alert.
/// </summary>
public sealed record ReportFacts(
    ReportSubject Subject,
    string Id,
    string World,
    RunRecord? Run,
    IReadOnlyList<IncidentView> Incidents,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<Notification> Notifications,
    IReadOnlyDictionary<string, ModelFacts> Models,
    ExerciseScores? Scores = null,
    IReadOnlyList<AlertFiring>? Firings = null);
