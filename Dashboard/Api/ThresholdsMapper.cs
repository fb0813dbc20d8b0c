using Fleet.Catalogue;
using Fleet.Models;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Merges a partial thresholds object over the defaults and checks each value's range, field by field as
/// <see cref="ThresholdCatalogue"/> declares them. A limit a domain leaves off (inputDrift, diversity, fairness) stays off
/// when left out; given for such a model, it starts from the declaration's base.
/// </summary>
public static class ThresholdsMapper
{
    public static (Thresholds? Thresholds, ApiError? Error) Map(ThresholdsRequest? request, Thresholds defaults, QualityMetricKind metric)
    {
        if (request is null) return (defaults, null);
        ApiError? error = null;
        var thresholds = defaults;
        foreach (var (field, json) in request)
        {
            if (field == ThresholdCatalogue.Quality.Field)
            {
                var (r, e) = ReadPart<QualityTargetsRequest>(json, ThresholdCatalogue.Quality.Path());
                error = e;
                if (r is not null) thresholds = thresholds with { Quality = MapQuality(r, defaults.Quality, metric, ref error) };
            }
            else if (field == ThresholdCatalogue.Hysteresis.Field)
            {
                var (r, e) = ReadPart<HysteresisRequest>(json, ThresholdCatalogue.Hysteresis.Path());
                error = e;
                if (r is not null) thresholds = thresholds with { Hysteresis = MapHysteresis(r, defaults.Hysteresis, ref error) };
            }
            else if (ThresholdCatalogue.ByField(field) is { } declaration)
            {
                var (r, e) = ReadPart<LimitRequest>(json, declaration.Path());
                error = e;
                if (r is not null) thresholds = thresholds.With(declaration, MapLimit(declaration, r, defaults, ref error));
            }
            else
            {
                error = ApiError.For($"thresholds.{field}", "is not a known threshold; known: " +
                    string.Join(", ", [ThresholdCatalogue.Quality.Field, ThresholdCatalogue.Hysteresis.Field, .. ThresholdCatalogue.Limits.Select(l => l.Field)]));
            }
            if (error is not null) return (null, error);
        }
        return (thresholds, null);
    }

    // A threshold sent as null is read as left out: it keeps the default.
    private static (T? Value, ApiError? Error) ReadPart<T>(System.Text.Json.JsonElement json, string path) where T : class =>
        json.ValueKind == System.Text.Json.JsonValueKind.Null ? (null, null) : FleetJson.ReadPart<T>(json, path);

    private static Limit? MapLimit(LimitDeclaration declaration, LimitRequest r, Thresholds defaults, ref ApiError? error)
    {
        var d = defaults[declaration] ?? declaration.Base
            ?? throw new InvalidOperationException($"threshold '{declaration.Name}' has neither a default nor a base");
        var value = r.Value ?? d.Value;
        if (declaration.Refuse(value) is { } refused)
        {
            error = ApiError.For(declaration.Path("value"), refused);
            return d;
        }
        var window = MapWindow(declaration.Path("window"), r.Window, d.Window, ref error);
        if (error is null && declaration.OnlyWindow is { } only && window != only.Window)
            error = ApiError.For(declaration.Path("window"), $"must be {only.Window.Name()}: {only.Reason}");
        var samples = MapSamples(declaration.Path("minSamples"), r.MinSamples, d.MinSamples, ref error);
        return new Limit(value, window, samples);
    }

    private static QualityTargets MapQuality(QualityTargetsRequest r, QualityTargets d, QualityMetricKind metric, ref ApiError? error)
    {
        var (launch, target, stretch) = (r.Launch ?? d.Launch, r.Target ?? d.Target, r.Stretch ?? d.Stretch);
        var lowerIsBetter = metric.LowerIsBetter();
        foreach (var (name, value) in new[] { ("launch", launch), ("target", target), ("stretch", stretch) })
        {
            if (!double.IsFinite(value) || value < 0 || (!lowerIsBetter && value > 1))
            {
                error = ApiError.For(ThresholdCatalogue.Quality.Path(name), lowerIsBetter ? "must be a finite number >= 0" : "must be a fraction from 0 to 1");
                return d;
            }
        }
        var ordered = lowerIsBetter ? launch >= target && target >= stretch : launch <= target && target <= stretch;
        if (!ordered)
        {
            error = ApiError.For(ThresholdCatalogue.Quality.Path(), lowerIsBetter
                ? "for a lower-is-better metric launch >= target >= stretch must hold"
                : "launch <= target <= stretch must hold");
            return d;
        }
        var window = MapWindow(ThresholdCatalogue.Quality.Path("window"), r.Window, d.Window, ref error);
        var samples = MapSamples(ThresholdCatalogue.Quality.Path("minSamples"), r.MinSamples, d.MinSamples, ref error);
        return new QualityTargets(launch, target, stretch, window, samples);
    }

    private static Hysteresis MapHysteresis(HysteresisRequest r, Hysteresis d, ref ApiError? error)
    {
        var hold = d.RecoveryHold;
        if (r.RecoveryHold is not null && !Durations.TryParse(r.RecoveryHold, out hold))
        {
            error = ApiError.For(ThresholdCatalogue.Hysteresis.Path("recoveryHold"), "must be a duration such as 10m or 1h");
            return d;
        }
        var margin = r.Margin ?? d.Margin;
        if (!double.IsFinite(margin) || margin is < 0 or >= 1)
        {
            error = ApiError.For(ThresholdCatalogue.Hysteresis.Path("margin"), "must be a fraction from 0 (inclusive) to 1 (exclusive)");
            return d;
        }
        return new Hysteresis(hold, margin);
    }

    private static WindowSpan MapWindow(string path, string? text, WindowSpan fallback, ref ApiError? error)
    {
        if (text is null || error is not null) return fallback;
        if (WindowSpans.TryParse(text, out var span)) return span;
        error = ApiError.For(path, "must be one of 5m, 1h, 24h, 30d");
        return fallback;
    }

    private static long MapSamples(string path, long? samples, long fallback, ref ApiError? error)
    {
        if (samples is null || error is not null) return fallback;
        if (samples >= 0) return samples.Value;
        error = ApiError.For(path, "must be >= 0");
        return fallback;
    }
}
