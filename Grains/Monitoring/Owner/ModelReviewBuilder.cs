using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// A model's weekly or monthly review (README "Reviews"): the period is the current day and the 6 (29) before it at
/// the model's clock, against the 7 (30) days before that. Volume and the owner's readings come from its 60 engagement
/// days, quality and error rate from its 60 quality days (so the monthly review has the month before), the maturity
/// curve and fairness by segment from the same days; the rollouts are the running one and those that ended in the period.
/// Open issues: breaches, firing and pending alerts, governance gaps.
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
        var owner = monitor.State.Owner;
        if (monitor.State.Windows.Watermark is not { } now)
            return new ModelReview(d.Id, d.Name, d.Owner, d.Team, d.Version, monitor.Level.Level, period, null, null, [], issues, [], null, null, [],
                snapshot.Gaps);

        var today = now.UtcTicks / TimeSpan.TicksPerDay;
        var from = today - days + 1;
        var before = from - days;
        var (quality, errors, volume) = QualityBetween(monitor, from, today);
        var (qualityBefore, errorsBefore, volumeBefore) = QualityBetween(monitor, before, from - 1);
        var window = period == ReviewPeriod.Weekly ? OwnerWindow.SevenDays : OwnerWindow.ThirtyDays;
        EngagementCounts Served(long a, long b) => owner.Engagement.SumDays(a, b, TrafficArm.Model);
        OwnerReading Reading(long a, long b) => OwnerReadings.Of(window, Served(a, b), owner.Engagement.SumDays(a, b, TrafficArm.Holdout), d.CostPerPrediction);
        var reading = Reading(from, today);
        var readingBefore = Reading(before, from - 1);
        double? Cost(double predictions) => d.CostPerPrediction * predictions;
        double? Value(long a, long b) => Served(a, b) is { Responses: > 0 } c ? c.Value : null;
        var lowerQuality = d.QualityMetric.LowerIsBetter();
        var start = new DateTimeOffset(from * TimeSpan.TicksPerDay, TimeSpan.Zero);
        var fairness = FairnessReading.Of(d, owner.Quality, from, today);
        // The segments' days reach back 30: the week before has its gap, the month before does not.
        var fairnessBefore = period == ReviewPeriod.Weekly ? FairnessReading.Of(d, owner.Quality, before, from - 1).Gap : null;
        List<ReviewLine> lines =
        [
            Line("engagement", "predictions", volume, volumeBefore, higherIsBetter: true),
            Line("engagement", "engagement rate", reading.EngagementRate, readingBefore.EngagementRate, higherIsBetter: true),
            Line("engagement", "conversion rate", reading.ConversionRate, readingBefore.ConversionRate, higherIsBetter: true),
            Line("quality", Fleet.Catalogue.ThresholdCatalogue.MetricName(d.QualityMetric), quality, qualityBefore, higherIsBetter: !lowerQuality),
            Line("quality", "error rate", errors, errorsBefore, higherIsBetter: false),
            Line("trust", "sentiment", reading.Sentiment, readingBefore.Sentiment, higherIsBetter: true),
            Line("trust", "feedback per 1,000", reading.FeedbackPer1000, readingBefore.FeedbackPer1000, higherIsBetter: null),
            Line("trust", "opt-out rate", reading.OptOutRate, readingBefore.OptOutRate, higherIsBetter: false),
            Line("fairness", "largest segment gap", fairness.Gap, fairnessBefore, higherIsBetter: false),
            Line("business outcome", "value per 1,000", reading.ValuePer1000, readingBefore.ValuePer1000, higherIsBetter: true),
            Line("business outcome", "uplift per 1,000", reading.UpliftPer1000, readingBefore.UpliftPer1000, higherIsBetter: true),
            Line("business outcome", "return on cost", reading.ReturnOnCost, readingBefore.ReturnOnCost, higherIsBetter: true),
            Line("business outcome", "value", Value(from, today), Value(before, from - 1), higherIsBetter: true),
            Line("business outcome", "cost", Cost(volume), Cost(volumeBefore), higherIsBetter: false),
        ];
        List<RolloutRecord> rollouts = [.. owner.Concluded.Where(r => r.Ended >= start)];
        if (owner.Rollout is { } running && d.Candidate is not null) rollouts.Add(OwnerState.Record(d, running, "running", null));
        return new ModelReview(d.Id, d.Name, d.Owner, d.Team, d.Version, monitor.Level.Level, period, start, now, lines, issues,
            actions.Where(a => a.At >= start && a.At <= now).ToList(), MaturityReading.Of(d, owner.Quality, from, today, quality), fairness, rollouts,
            snapshot.Gaps);
    }

    /// <summary>
    /// The quality metric, error rate (errors and timeouts) and volume of the registered version's predictions made on
    /// days <paramref name="fromDay"/> to <paramref name="toDay"/>, from the owner's quality and engagement days.
    /// </summary>
    private static (double? Quality, double? ErrorRate, double Volume) QualityBetween(ModelMonitor monitor, long fromDay, long toDay)
    {
        var owner = monitor.State.Owner;
        var (counts, failed) = owner.Quality.Between(fromDay, toDay);
        var volume = owner.Engagement.SumDays(fromDay, toDay, TrafficArm.Model).Requests;
        return (counts.Measure(monitor.Definition.QualityMetric).Value, volume > 0 ? (double)failed / volume : null, volume);
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
