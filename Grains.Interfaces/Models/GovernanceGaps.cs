using Fleet.Models;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// What a model lacks to be governed: an accountable owner, thresholds of its own, a retraining
/// schedule that is kept. Judged at the model's event time, so a replay flags the same gaps.
/// </summary>
public static class GovernanceGaps
{
    public const string NoOwner = "no-owner";
    public const string NoThresholds = "no-thresholds";
    public const string NoRetrainingSchedule = "no-retraining-schedule";
    public const string RetrainingOverdue = "retraining-overdue";

    public static readonly string[] All = [NoOwner, NoThresholds, NoRetrainingSchedule, RetrainingOverdue];

    public static IReadOnlyList<string> Of(ModelDefinition model, DateTimeOffset? asOf)
    {
        var gaps = new List<string>(2);
        if (string.IsNullOrWhiteSpace(model.Owner)) gaps.Add(NoOwner);
        if (!model.ThresholdsSetByOwner) gaps.Add(NoThresholds);
        if (model.Retraining is null) gaps.Add(NoRetrainingSchedule);
        else if (IsOverdue(model.Retraining, asOf)) gaps.Add(RetrainingOverdue);
        return gaps;
    }

    private static bool IsOverdue(RetrainingSchedule schedule, DateTimeOffset? asOf) =>
        schedule.LastTrainedAt is { } last && asOf is { } now && now - last > schedule.Every;
}
