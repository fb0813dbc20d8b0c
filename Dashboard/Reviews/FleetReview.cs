using Fleet.Monitoring.Alerts;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Reviews;

/// <summary>
/// A weekly model review or monthly KPI review of a team, an owner or the fleet: each model's review, the incidents of
/// the period with their times to detect and mitigate, and the totals an owner reads first.
/// </summary>
public sealed record FleetReview(
    ReviewPeriod Period,
    string? Team,
    string? Owner,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ReviewTotals Totals,
    IReadOnlyList<ReviewIncident> Incidents,
    IReadOnlyList<ModelReview> Models);

/// <summary>
/// An incident that touched a reviewed model in the period (its impact started before the period's end and it was not
/// resolved before its start), with its milestones; times to detect and to mitigate in minutes, from the impact start.
/// </summary>
public sealed record ReviewIncident(
    string Id,
    string Title,
    AlertSeverity Severity,
    bool Open,
    IReadOnlyList<string> Models,
    DateTimeOffset ImpactStarted,
    DateTimeOffset Detected,
    DateTimeOffset? Mitigated,
    DateTimeOffset? Resolved,
    double MinutesToDetect,
    double? MinutesToMitigate);

/// <summary>
/// What the period comes to: the models below target (their quality reaches launch at most) or trending down (their
/// maturity curve or quality got worse), the models with governance gaps ("m-1: no-owner, retraining-overdue") and those
/// whose retraining is overdue, business value and cost summed over the models that report them, and the mean
/// times to detect and to mitigate the period's incidents.
/// </summary>
public sealed record ReviewTotals(
    int Models,
    IReadOnlyList<string> BelowTarget,
    IReadOnlyList<string> TrendingDown,
    IReadOnlyList<string> GovernanceGaps,
    IReadOnlyList<string> RetrainingOverdue,
    double? Value,
    double? Cost,
    int Incidents,
    double? MeanMinutesToDetect,
    double? MeanMinutesToMitigate);
