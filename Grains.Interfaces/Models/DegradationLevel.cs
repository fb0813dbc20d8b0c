namespace Fleet.Models;

/// <summary>The five rungs of the degradation ladder; the number is the stable public `level`.</summary>
public enum DegradationLevel
{
    /// <summary>Model working normally.</summary>
    FullAi = 1,
    /// <summary>Working, but with lower confidence: fewer predictions, mixed with editorial picks.</summary>
    ReducedAi = 2,
    /// <summary>Model unavailable or untrustworthy: simple rules serve instead.</summary>
    RulesFallback = 3,
    /// <summary>No personalisation: the same answer for everyone.</summary>
    GenericFallback = 4,
    /// <summary>Nothing can be served; the widget is hidden.</summary>
    ErrorState = 5,
}

public static class DegradationLevelNames
{
    public static string Describe(this DegradationLevel level) => level switch
    {
        DegradationLevel.FullAi => "full AI",
        DegradationLevel.ReducedAi => "reduced AI",
        DegradationLevel.RulesFallback => "rules-based fallback",
        DegradationLevel.GenericFallback => "generic fallback",
        DegradationLevel.ErrorState => "error state",
        _ => level.ToString(),
    };
}
