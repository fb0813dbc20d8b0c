using Fleet.Catalogue;
using Fleet.Exercises;
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

/// <summary>
/// One affected model as its grain knows it: the snapshot (level history, gaps, readings), its 1h and 24h series, its
/// audited actions and the users it served badly per hour (null where not read: a simulated run's truth counts its users).
/// </summary>
public sealed record ModelFacts(ModelSnapshot Snapshot, IReadOnlyList<ModelSeries> Series, IReadOnlyList<ActionRecord> Actions,
    Fleet.Users.AffectedUsersView? Users = null);

/// <summary>
/// A run played by an exercise team: the exercise, the team, its score (null when the run is no longer kept on this silo:
/// scores read the simulator's truth of the playing run) and the scenario's ideal response as its counterfactual run played it.
/// </summary>
public sealed record ExerciseTeamFacts(string Exercise, string ExerciseName, string Team, TeamScore? Score, IReadOnlyList<ScoredAction> Ideal);

/// <summary>
/// Every fact a postmortem is drawn from, gathered once (<see cref="ReportFactSource"/>) so that building and rendering
/// read nothing else. <see cref="Run"/> is the run's durable journal (injections, actions, level changes): present for a
/// run, absent for an incident, whose report says only what the monitor's evidence shows. For a run,
/// <see cref="Alerts"/> holds every episode of each alert and <see cref="Firings"/> every time one fired (both from the
/// journal); for an incident, the book's latest state of each alert. <see cref="Catalogue"/> holds the rules the monitors
/// run, from which the rules that should have fired are read.
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
    CatalogueView Catalogue,
    ExerciseTeamFacts? Exercise = null,
    IReadOnlyList<AlertFiring>? Firings = null);
