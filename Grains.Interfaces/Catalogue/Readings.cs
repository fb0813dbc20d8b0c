using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Catalogue;

/// <summary>
/// Every reading an evaluation produces per model, declared once: alert rules, burn-rate rules and level thresholds name
/// them, the catalogue endpoint lists them. The scale-free ones (<see cref="QualityDrop"/>, <see cref="LatencyVsLimit"/>,
/// <see cref="FairnessGapVsLimit"/>) let one rule serve the whole fleet, whose models each have their own bars.
/// </summary>
public static class Readings
{
    private static readonly List<Reading> Declared = [];
    private static readonly List<ReadingKey> AllKeys = [];
    private static readonly Dictionary<string, ReadingKey> ByText = new(StringComparer.Ordinal);

    public static readonly Reading Level = Point(Signal.Level, "level", ReadingUnit.Level, "always",
        "the model's degradation level, 1 (full AI) to 5 (error state)");
    public static readonly Reading DriftShare = Point(Signal.InputDrift, "drift.share", ReadingUnit.Fraction, "once a feature of the drift hour (1h) is judged",
        "share of the input features whose drift statistic crosses its threshold over the last hour");
    public static readonly Reading PsiMax = Point(Signal.InputDrift, "psi.max", ReadingUnit.Statistic, "once a feature of the drift hour (1h) is judged",
        "the largest population stability index over the features");
    public static readonly Reading MissingRise = Point(Signal.MissingValues, "quality.missing", ReadingUnit.Fraction, DataQuality,
        "the largest rise of a feature's missing rate (absent or null) over its reference's, over the last hour");
    public static readonly Reading OutOfRange = Point(Signal.OutOfRange, "quality.outOfRange", ReadingUnit.Fraction, DataQuality,
        "the largest out-of-range rate beyond what an unchanged feature gives (2/(N+1)), over the last hour");
    public static readonly Reading UnseenCategories = Point(Signal.UnseenCategories, "quality.unseen", ReadingUnit.Fraction, DataQuality,
        "the largest share of a categorical feature's values in categories its reference never saw, over the last hour");
    public static readonly Reading WrongType = Point(Signal.WrongType, "quality.wrongType", ReadingUnit.Fraction, DataQuality,
        "the largest share of a feature's present values arriving with the other type (a type change), over the last hour");
    public static readonly Reading QualityDetector = Point(Signal.Quality, "detector.quality", ReadingUnit.Flag, "always",
        "1 when a change detector on the quality stream fired at this evaluation");
    public static readonly Reading LatencyDetector = Point(Signal.Latency, "detector.latency", ReadingUnit.Flag, "always",
        "1 while Page-Hinkley on per-minute latency saw it rise within the last hour");
    public static readonly Reading TopCategoryShare = Point(Signal.Diversity, "topCategory.share", ReadingUnit.Fraction, "from one prediction in the drift hour (1h)",
        "the share of what the model showed over the last hour taken by its most shown item category (item_category)");
    public static readonly Reading Unlabelled = Point(Signal.Labels, "unlabelled", ReadingUnit.Count, "always",
        "predictions whose outcome did not come within the 7-day label horizon, since the monitoring started: they stopped waiting");
    public static readonly Reading FairnessGap = Point(Signal.Fairness, "fairness.gap", ReadingUnit.Statistic,
        "with two segments holding the fairness limit's minSamples labels over 24h (1,000 without a limit)",
        "the largest 24h quality gap between segments with enough labels");
    public static readonly Reading FairnessGapVsLimit = Point(Signal.Fairness, "fairness.gap.vsLimit", ReadingUnit.Ratio,
        "with the model's own fairness limit and two segments holding its labels per segment",
        "the gap the model's fairness limit judges over that limit: above 1 it breaches");

    public static readonly Reading Quality = PerWindow(Signal.Quality, "quality", ReadingUnit.Statistic, "from a tenth of the quality threshold's minimum labels",
        "the model's quality metric (accuracy, precision, recall, relevance or MAE) over the window's joined outcomes");
    public static readonly Reading LatencyP95 = PerWindow(Signal.Latency, "latencyP95", ReadingUnit.Milliseconds, "from one request",
        "95th percentile latency");
    public static readonly Reading ErrorRate = PerWindow(Signal.Failures, "errorRate", ReadingUnit.Fraction, Failures,
        "share of requests that failed: errors and timeouts together");
    public static readonly Reading ErrorOnlyRate = PerWindow(Signal.Failures, "errorOnlyRate", ReadingUnit.Fraction, "from one request",
        "share of requests that errored, timeouts not counted");
    public static readonly Reading TimeoutRate = PerWindow(Signal.Failures, "timeoutRate", ReadingUnit.Fraction, Failures,
        "share of requests that timed out (already part of errorRate)");
    public static readonly Reading FallbackRate = PerWindow(Signal.Fallback, "fallbackRate", ReadingUnit.Fraction, "from one request",
        "share of requests a fallback served");
    public static readonly Reading Coverage = PerWindow(Signal.Fallback, "coverage", ReadingUnit.Fraction, "from one request",
        "share of requests the model answered with confidence");
    public static readonly Reading Volume = PerWindow(Signal.Volume, "volume", ReadingUnit.Count, "always", "predictions in the window");
    public static readonly Reading LatencyVsLimit = PerWindow(Signal.Latency, "latencyP95.vsLimit", ReadingUnit.Ratio,
        "from the latency limit's minimum samples (100 by default)",
        "P95 latency over the model's own P95 limit: above 1 is over budget, whatever the model");
    public static readonly Reading QualityDrop = Windowed(Signal.Quality, "quality.drop", [WindowSpan.OneDay], ReadingUnit.Ratio,
        "when 24h and 30d quality are both judged",
        "how far 24h quality fell below 30-day quality, relative to it and positive when worse (lower-is-better metrics reversed)");

    public static readonly Reading EngagementRate = PerOwnerWindow(Signal.UserResponse, "engagement.rate", ReadingUnit.Fraction, OwnerMinimum,
        "clicks and conversions per prediction");
    public static readonly Reading OptOutRate = PerOwnerWindow(Signal.UserResponse, "optOut.rate", ReadingUnit.Fraction, OwnerMinimum,
        "opt-outs per prediction");
    public static readonly Reading Sentiment = PerOwnerWindow(Signal.UserResponse, "feedback.sentiment", ReadingUnit.Fraction, "from one feedback",
        "share of feedback that was a thumbs up");
    public static readonly Reading ValuePer1000 = PerOwnerWindow(Signal.UserResponse, "value.per1000", ReadingUnit.Value, "once user responses are reported",
        "business value per 1,000 predictions");
    public static readonly Reading UpliftPer1000 = PerOwnerWindow(Signal.UserResponse, "value.uplift", ReadingUnit.Value, "with holdout traffic",
        "value per 1,000 predictions minus value per 1,000 holdout requests");
    public static readonly Reading ReturnOnCost = PerOwnerWindow(Signal.UserResponse, "return", ReadingUnit.Ratio, "with an uplift and a cost per prediction",
        "(uplift per prediction - cost per prediction) / cost per prediction");
    public static readonly Reading VolumeDrop = Windowed(Signal.Volume, "volume.drop", [WindowSpan.OneDay], ReadingUnit.Fraction,
        "with a week of history averaging 100 predictions a day",
        "how far the last 24 hours' predictions fell below the average day of the week before today (0.3 = 30 % fewer)");

    /// <summary>Every declared reading, in declaration order.</summary>
    public static IReadOnlyList<Reading> All => Declared;

    /// <summary>Every reading over every window it is produced over: a model's readings have one slot per key.</summary>
    public static IReadOnlyList<ReadingKey> Keys => AllKeys;

    /// <summary>The key written "name@window" ("errorRate@5m"), or null when no reading is declared so.</summary>
    public static ReadingKey? Find(string? text) => text is not null && ByText.TryGetValue(text, out var key) ? key : null;

    private const string DataQuality = "from 100 predictions in the drift hour (1h)";
    private const string Failures = "from 500 requests over 5m, 2,000 over 1h, 20,000 over 24h and 30d";
    private const string OwnerMinimum = "from 1,000 predictions with user responses reported";

    private static Reading Point(Signal signal, string name, ReadingUnit unit, string judged, string description)
    {
        var reading = new Reading(name, signal, unit, judged, description);
        Declare(reading, null, null, null);
        return reading;
    }

    private static Reading PerWindow(Signal signal, string name, ReadingUnit unit, string judged, string description) =>
        Windowed(signal, name, WindowSpans.All, unit, judged, description);

    private static Reading Windowed(Signal signal, string name, WindowSpan[] windows, ReadingUnit unit, string judged, string description)
    {
        var reading = new Reading(name, signal, unit, judged, description);
        foreach (var window in windows) Declare(reading, window.Name(), window, null);
        return reading;
    }

    private static Reading PerOwnerWindow(Signal signal, string name, ReadingUnit unit, string judged, string description)
    {
        var reading = new Reading(name, signal, unit, judged, description);
        foreach (var window in Enum.GetValues<OwnerWindow>()) Declare(reading, OwnerWindowName(window), null, window);
        return reading;
    }

    private static void Declare(Reading reading, string? window, WindowSpan? model, OwnerWindow? owner)
    {
        if (reading.Keys.Count == 0) Declared.Add(reading);
        var key = new ReadingKey(reading, window, AllKeys.Count);
        if (!ByText.TryAdd(key.Text, key)) throw new InvalidOperationException($"reading '{key.Text}' is declared twice");
        AllKeys.Add(key);
        reading.Add(key, model, owner);
    }

    private static string OwnerWindowName(OwnerWindow window) => window switch
    {
        OwnerWindow.OneDay => "24h",
        OwnerWindow.SevenDays => "7d",
        _ => "30d",
    };
}
