namespace Fleet.Catalogue;

/// <summary>Which side of a limit is bad, and how the hysteresis margin tightens it for recovery.</summary>
public enum LimitDirection
{
    /// <summary>A cost (latency, error rate, MAE): bad above the limit; clears at limit x (1 - margin).</summary>
    UpperBound,
    /// <summary>A fraction where more is better (quality, coverage): bad below the limit; clears once
    /// the shortfall (1 - value) is within (1 - limit) x (1 - margin).</summary>
    LowerFraction,
    /// <summary>A count where more is better (volume): bad below the limit; clears at limit x (1 + margin).</summary>
    LowerCount,
}

public static class LimitDirections
{
    /// <summary>
    /// True when <paramref name="value"/> is on the bad side of <paramref name="limit"/>, tightened by
    /// <paramref name="margin"/>; <paramref name="inclusive"/> counts the limit itself as bad
    /// ("errors at or above 50 %", "no better than the baseline").
    /// </summary>
    public static bool IsBreached(this LimitDirection direction, double value, double limit, double margin, bool inclusive = false)
    {
        var edge = direction switch
        {
            LimitDirection.UpperBound => limit * (1 - margin),
            LimitDirection.LowerFraction => limit + margin * (1 - limit),
            LimitDirection.LowerCount => limit * (1 + margin),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
        };
        if (inclusive && value == edge) return true;
        return direction == LimitDirection.UpperBound ? value > edge : value < edge;
    }
}
