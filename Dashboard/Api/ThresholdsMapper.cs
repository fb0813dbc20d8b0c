using Fleet.Models;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Merges a partial thresholds object over the defaults and checks each value's range. The optional limits
/// (inputDrift, diversity, fairness) keep the domain's default when left out; given for a model whose domain
/// has none, they start from the fleet-wide one.
/// </summary>
public static class ThresholdsMapper
{
    public static (Thresholds? Thresholds, ApiError? Error) Map(ThresholdsRequest? request, Thresholds defaults, QualityMetricKind metric)
    {
        if (request is null) return (defaults, null);
        ApiError? error = null;
        var quality = MapQuality(request.Quality, defaults.Quality, metric, ref error);
        var latency = MapLimit("thresholds.latencyP95Ms", request.LatencyP95Ms, defaults.LatencyP95Ms, Kind.Positive, ref error);
        var errors = MapLimit("thresholds.errorRate", request.ErrorRate, defaults.ErrorRate, Kind.Fraction, ref error);
        var timeouts = MapLimit("thresholds.timeoutRate", request.TimeoutRate, defaults.TimeoutRate, Kind.Fraction, ref error);
        var fallback = MapLimit("thresholds.fallbackRate", request.FallbackRate, defaults.FallbackRate, Kind.Fraction, ref error);
        var coverage = MapLimit("thresholds.coverage", request.Coverage, defaults.Coverage, Kind.Fraction, ref error);
        var volume = MapLimit("thresholds.minVolume", request.MinVolume, defaults.MinVolume, Kind.Count, ref error);
        var errorState = MapLimit("thresholds.errorState", request.ErrorState, defaults.ErrorState, Kind.Fraction, ref error);
        var hysteresis = MapHysteresis(request.Hysteresis, defaults.Hysteresis, ref error);
        var drift = MapOptional("thresholds.inputDrift", request.InputDrift, defaults.InputDrift, InputDriftBase, ref error);
        var diversity = MapOptional("thresholds.diversity", request.Diversity, defaults.Diversity, DiversityBase, ref error);
        var fairness = MapOptional("thresholds.fairness", request.Fairness, defaults.Fairness, DomainDefaults.FairnessGap, ref error);
        // Segment quality is kept over the last 24 hours only: the fairness gap has no other window.
        if (error is null && fairness is not null && fairness.Window != WindowSpan.OneDay)
            error = ApiError.For("thresholds.fairness.window", "must be 24h: segment quality is kept over the last 24 hours");
        if (error is not null) return (null, error);
        return (new Thresholds(quality, latency, errors, timeouts, fallback, coverage, volume, errorState, hysteresis,
            drift, diversity, fairness), null);
    }

    private static readonly Limit InputDriftBase = new(0.5, WindowSpan.OneHour, 500);
    private static readonly Limit DiversityBase = new(0.30, WindowSpan.OneHour, 500);

    /// <summary>An optional limit: the default (possibly off) when not given, else merged over the default or the base.</summary>
    private static Limit? MapOptional(string path, LimitRequest? r, Limit? d, Limit fallback, ref ApiError? error) =>
        r is null ? d : MapLimit(path, r, d ?? fallback, Kind.Fraction, ref error);

    private enum Kind { Fraction, Positive, Count }

    private static Limit MapLimit(string path, LimitRequest? r, Limit d, Kind kind, ref ApiError? error)
    {
        if (r is null || error is not null) return d;
        var value = r.Value ?? d.Value;
        var valid = double.IsFinite(value) && kind switch
        {
            Kind.Fraction => value is >= 0 and <= 1,
            Kind.Positive => value > 0,
            _ => value >= 0,
        };
        if (!valid)
        {
            error = ApiError.For($"{path}.value", kind switch
            {
                Kind.Fraction => "must be a fraction from 0 to 1 (0.01 = 1%)",
                Kind.Positive => "must be a finite number > 0",
                _ => "must be a finite number >= 0",
            });
            return d;
        }
        var window = MapWindow($"{path}.window", r.Window, d.Window, ref error);
        var samples = MapSamples($"{path}.minSamples", r.MinSamples, d.MinSamples, ref error);
        return new Limit(value, window, samples);
    }

    private static QualityTargets MapQuality(QualityTargetsRequest? r, QualityTargets d, QualityMetricKind metric, ref ApiError? error)
    {
        if (r is null) return d;
        var (launch, target, stretch) = (r.Launch ?? d.Launch, r.Target ?? d.Target, r.Stretch ?? d.Stretch);
        var lowerIsBetter = metric.LowerIsBetter();
        foreach (var (name, value) in new[] { ("launch", launch), ("target", target), ("stretch", stretch) })
        {
            if (!double.IsFinite(value) || value < 0 || (!lowerIsBetter && value > 1))
            {
                error = ApiError.For($"thresholds.quality.{name}", lowerIsBetter ? "must be a finite number >= 0" : "must be a fraction from 0 to 1");
                return d;
            }
        }
        var ordered = lowerIsBetter ? launch >= target && target >= stretch : launch <= target && target <= stretch;
        if (!ordered)
        {
            error = ApiError.For("thresholds.quality", lowerIsBetter
                ? "for a lower-is-better metric launch >= target >= stretch must hold"
                : "launch <= target <= stretch must hold");
            return d;
        }
        var window = MapWindow("thresholds.quality.window", r.Window, d.Window, ref error);
        var samples = MapSamples("thresholds.quality.minSamples", r.MinSamples, d.MinSamples, ref error);
        return new QualityTargets(launch, target, stretch, window, samples);
    }

    private static Hysteresis MapHysteresis(HysteresisRequest? r, Hysteresis d, ref ApiError? error)
    {
        if (r is null || error is not null) return d;
        var hold = d.RecoveryHold;
        if (r.RecoveryHold is not null && !Durations.TryParse(r.RecoveryHold, out hold))
        {
            error = ApiError.For("thresholds.hysteresis.recoveryHold", "must be a duration such as 10m or 1h");
            return d;
        }
        var margin = r.Margin ?? d.Margin;
        if (!double.IsFinite(margin) || margin is < 0 or >= 1)
        {
            error = ApiError.For("thresholds.hysteresis.margin", "must be a fraction from 0 (inclusive) to 1 (exclusive)");
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
