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
        var reported = model.Responses > 0 && model.Requests > 0;
        double? Rate(long count) => reported ? (double)count / model.Requests : null;
        var value = reported ? 1000 * model.Value / model.Requests : (double?)null;
        var holdoutValue = holdout.Responses > 0 && holdout.Requests > 0 ? 1000 * holdout.Value / holdout.Requests : (double?)null;
        var uplift = value - holdoutValue;
        var cost = costPerPrediction;
        var returnOnCost = uplift is { } u && cost is { } c && c > 0 ? (u / 1000 - c) / c : (double?)null;
        return new OwnerReading(window, model.Requests, model.Responses, Rate(model.Clicks), Rate(model.Conversions), model.Feedback,
            reported ? 1000.0 * model.Feedback / model.Requests : null,
            model.Feedback > 0 ? (double)model.FeedbackUp / model.Feedback : null,
            Rate(model.OptOuts), value, holdout.Requests, holdoutValue, uplift, cost, returnOnCost);
    }

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
        foreach (var window in Windows)
        {
            var r = Read(windows, window, nowTicks, costPerPrediction);
            var enough = r.Predictions >= MinPredictions;
            readings[Catalogue.Readings.EngagementRate.At(window)] = enough ? r.EngagementRate : null;
            readings[Catalogue.Readings.OptOutRate.At(window)] = enough ? r.OptOutRate : null;
            readings[Catalogue.Readings.Sentiment.At(window)] = r.Sentiment;
            readings[Catalogue.Readings.ValuePer1000.At(window)] = r.ValuePer1000;
            readings[Catalogue.Readings.UpliftPer1000.At(window)] = r.UpliftPer1000;
            readings[Catalogue.Readings.ReturnOnCost.At(window)] = r.ReturnOnCost;
        }
        readings[Catalogue.Readings.VolumeDrop.At(Fleet.Models.WindowSpan.OneDay)] = VolumeDrop(windows, nowTicks);
    }
}
