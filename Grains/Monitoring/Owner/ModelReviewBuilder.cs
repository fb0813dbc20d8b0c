using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// A model's weekly or monthly review (README "Reviews"): the period is the current day and the 6 (29) before it at
/// the model's clock, against the 7 (30) days before that. Quality and error rate come from the model's day buckets
/// (30 of them: the monthly review has no quality for the month before), the owner's readings from its 60 engagement
/// days, the fairness gap is the last 24 hours' only. Open issues: breaches, firing and pending alerts, governance gaps.
/// </summary>
public static class ModelReviewBuilder
{
    /// <summary>A relative change below this reads "steady".</summary>
    public const double SteadyWithin = 0.05;

    public static ModelReview Build(ModelMonitor monitor, ReviewPeriod period, IReadOnlyList<ActionRecord> actions)
    {
        var d = monitor.Definition;
        var days = period == ReviewPeriod.Weekly ? 7 : 30;
        var snapshot = monitor.Snapshot(historyLimit: 0);
        var issues = snapshot.Breaches.Select(b => b.Message)
            .Concat(snapshot.ActiveAlerts ?? []).Concat(snapshot.Gaps.Select(g => $"governance gap: {g}")).ToList();
        if (monitor.State.Windows.Watermark is not { } now)
            return new ModelReview(d.Id, d.Name, d.Owner, d.Team, d.Version, monitor.Level.Level, period, null, null, [], issues, []);

        var today = now.UtcTicks / TimeSpan.TicksPerDay;
        var from = today - days + 1;
        var before = from - days;
        var (quality, errors, volume) = QualityBetween(monitor, from, today);
        var (qualityBefore, errorsBefore, volumeBefore) = QualityBetween(monitor, before, from - 1);
        var engagement = monitor.State.Owner.Engagement;
        var window = period == ReviewPeriod.Weekly ? OwnerWindow.SevenDays : OwnerWindow.ThirtyDays;
        OwnerReading Owner(long a, long b) => OwnerReadings.Of(window, engagement.SumDays(a, b, TrafficArm.Model),
            engagement.SumDays(a, b, TrafficArm.Holdout), d.CostPerPrediction);
        var owner = Owner(from, today);
        var ownerBefore = Owner(before, from - 1);
        var lowerQuality = d.QualityMetric.LowerIsBetter();
        List<ReviewLine> lines =
        [
            Line("engagement", "predictions", volume, volumeBefore, higherIsBetter: true),
            Line("engagement", "engagement rate", owner.EngagementRate, ownerBefore.EngagementRate, higherIsBetter: true),
            Line("engagement", "conversion rate", owner.ConversionRate, ownerBefore.ConversionRate, higherIsBetter: true),
            Line("quality", Levels.ThresholdEvaluator.MetricName(d.QualityMetric), quality, qualityBefore, higherIsBetter: !lowerQuality),
            Line("quality", "error rate", errors, errorsBefore, higherIsBetter: false),
            Line("trust", "sentiment", owner.Sentiment, ownerBefore.Sentiment, higherIsBetter: true),
            Line("trust", "feedback per 1,000", owner.FeedbackPer1000, ownerBefore.FeedbackPer1000, higherIsBetter: null),
            Line("trust", "opt-out rate", owner.OptOutRate, ownerBefore.OptOutRate, higherIsBetter: false),
            Line("fairness", "largest segment gap (24h)", snapshot.FairnessGap, null, higherIsBetter: false),
            Line("business outcome", "value per 1,000", owner.ValuePer1000, ownerBefore.ValuePer1000, higherIsBetter: true),
            Line("business outcome", "uplift per 1,000", owner.UpliftPer1000, ownerBefore.UpliftPer1000, higherIsBetter: true),
            Line("business outcome", "return on cost", owner.ReturnOnCost, ownerBefore.ReturnOnCost, higherIsBetter: true),
        ];
        var start = new DateTimeOffset(from * TimeSpan.TicksPerDay, TimeSpan.Zero);
        return new ModelReview(d.Id, d.Name, d.Owner, d.Team, d.Version, monitor.Level.Level, period, start, now, lines, issues,
            actions.Where(a => a.At >= start && a.At <= now).ToList());
    }

    /// <summary>
    /// The quality metric, error rate (errors and timeouts) and volume of the predictions made on days
    /// <paramref name="fromDay"/> to <paramref name="toDay"/>: each day's value weighted by its samples, which is exact
    /// for every metric (a proportion of its denominator, or MAE's mean over the labelled).
    /// </summary>
    private static (double? Quality, double? ErrorRate, double Volume) QualityBetween(ModelMonitor monitor, long fromDay, long toDay)
    {
        double weighted = 0, samples = 0, failed = 0, volume = 0;
        foreach (var point in monitor.State.Windows.Series(WindowSpan.ThirtyDays, monitor.Definition.QualityMetric))
        {
            var day = point.Start.UtcTicks / TimeSpan.TicksPerDay;
            if (day < fromDay || day > toDay) continue;
            var m = point.Metrics;
            if (m.Quality is { } q && m.QualitySamples > 0)
            {
                weighted += q * m.QualitySamples;
                samples += m.QualitySamples;
            }
            failed += ((m.ErrorRate ?? 0) + (m.TimeoutRate ?? 0)) * m.Volume;
            volume += m.Volume;
        }
        return (samples > 0 ? weighted / samples : null, volume > 0 ? failed / volume : null, volume);
    }

    private static ReviewLine Line(string dimension, string measure, double? current, double? previous, bool? higherIsBetter)
    {
        var change = current - previous;
        var trend = change is not { } c ? "n/a"
            : Math.Abs(c) <= SteadyWithin * Math.Abs(previous!.Value) || higherIsBetter is null ? "steady"
            : (c > 0) == higherIsBetter ? "better" : "worse";
        return new ReviewLine(dimension, measure, current, previous, change, trend);
    }
}
