using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>Turns a model's <see cref="EngagementWindows"/> into its <see cref="OwnerReading"/>s and alert signals.</summary>
public static class OwnerReadings
{
    public static readonly OwnerWindow[] Windows = [OwnerWindow.OneDay, OwnerWindow.SevenDays, OwnerWindow.ThirtyDays];

    /// <summary>Predictions a window needs before its opt-out and engagement rates are signals (a rule's evidence).</summary>
    public const long MinPredictions = 1_000;

    /// <summary>Average requests per day the week before needs before a drop from it is a signal.</summary>
    public const long MinDailyVolume = 100;

    public static OwnerReading Read(EngagementWindows windows, OwnerWindow window, long nowTicks, double? costPerPrediction) =>
        Of(window, windows.Sum(window, TrafficArm.Model, nowTicks), windows.Sum(window, TrafficArm.Holdout, nowTicks), costPerPrediction);

    /// <summary>The readings of the model's and the holdout's counts over one span.</summary>
    public static OwnerReading Of(OwnerWindow window, EngagementCounts model, EngagementCounts holdout, double? costPerPrediction)
    {
        var value = ValuePer1000(model);
        var holdoutValue = ValuePer1000(holdout);
        var uplift = value - holdoutValue;
        var feedbackPer1000 = Reported(model) ? 1000.0 * model.Feedback / model.Requests : (double?)null;
        return new OwnerReading(window, model.Requests, model.Responses, Rate(model, model.Clicks), Rate(model, model.Conversions),
            model.Feedback, feedbackPer1000, Sentiment(model), Rate(model, model.OptOuts), value, holdout.Requests,
            holdoutValue, uplift, costPerPrediction, ReturnOnCost(uplift, costPerPrediction));
    }

    // The formulas, one home each: the snapshot's OwnerReading and the alert readings (Fill, no record made) use them.
    private static bool Reported(in EngagementCounts c) => c.Responses > 0 && c.Requests > 0;

    private static double? Rate(in EngagementCounts c, long count) => Reported(c) ? (double)count / c.Requests : null;

    private static double? ValuePer1000(in EngagementCounts c) => Reported(c) ? 1000 * c.Value / c.Requests : null;

    private static double? Sentiment(in EngagementCounts c) => c.Feedback > 0 ? (double)c.FeedbackUp / c.Feedback : null;

    private static double? ReturnOnCost(double? uplift, double? cost) =>
        uplift is { } u && cost is { } c && c > 0 ? (u / 1000 - c) / c : null;

    public static IReadOnlyList<OwnerReading> ReadAll(EngagementWindows windows, long nowTicks, double? costPerPrediction) =>
        [.. Windows.Select(w => Read(windows, w, nowTicks, costPerPrediction))];

    /// <summary>
    /// How far the last 24 hours' predictions fell below the average day of the seven whole days before today, as a
    /// fraction of that average (0.3 = 30 % fewer); null until the model has a week of history before today and that
    /// week averaged at least <see cref="MinDailyVolume"/> a day.
    /// </summary>
    public static double? VolumeDrop(EngagementWindows windows, long nowTicks)
    {
        var today = nowTicks / TimeSpan.TicksPerDay;
        if (windows.FirstRequestTicks == long.MinValue || windows.FirstRequestTicks / TimeSpan.TicksPerDay > today - 7) return null;
        long week = 0;
        for (var day = today - 7; day < today; day++) week += windows.RequestsOnDay(day);
        var average = week / 7.0;
        if (average < MinDailyVolume) return null;
        var lastDay = windows.Sum(OwnerWindow.OneDay, TrafficArm.Model, nowTicks).Requests;
        return (average - lastDay) / average;
    }

    /// <summary>Writes the owner's readings (<see cref="Catalogue.Readings"/>) of every window into <paramref name="readings"/>.</summary>
    public static void Fill(ModelReadings readings, EngagementWindows windows, long nowTicks, double? costPerPrediction)
    {
        // From the counts, not through an OwnerReading: this runs at every evaluation.
        foreach (var window in Windows)
        {
            var model = windows.Sum(window, TrafficArm.Model, nowTicks);
            var holdout = windows.Sum(window, TrafficArm.Holdout, nowTicks);
            var enough = model.Requests >= MinPredictions;
            var value = ValuePer1000(model);
            var uplift = value - ValuePer1000(holdout);
            readings[Catalogue.Readings.EngagementRate.At(window)] = enough ? Rate(model, model.Clicks) : null;
            readings[Catalogue.Readings.OptOutRate.At(window)] = enough ? Rate(model, model.OptOuts) : null;
            readings[Catalogue.Readings.Sentiment.At(window)] = Sentiment(model);
            readings[Catalogue.Readings.ValuePer1000.At(window)] = value;
            readings[Catalogue.Readings.UpliftPer1000.At(window)] = uplift;
            readings[Catalogue.Readings.ReturnOnCost.At(window)] = ReturnOnCost(uplift, costPerPrediction);
        }
        readings[Catalogue.Readings.VolumeDrop.At(Fleet.Models.WindowSpan.OneDay)] = VolumeDrop(windows, nowTicks);
    }
}
