namespace Fleet.Catalogue;

/// <summary>
/// What a reading tells about a model, coarser than the reading itself: a rule on latencyP95.vsLimit and a detector on
/// per-minute latency both watch <see cref="Latency"/>. A fault moves signals (<see cref="FaultSymptoms"/>), so which
/// rules ought to catch it follows from the rules' readings, declared once.
/// </summary>
public enum Signal
{
    /// <summary>The degradation level itself.</summary>
    Level,
    /// <summary>The quality metric and what is derived from it (its drop, its change detector).</summary>
    Quality,
    Latency,
    /// <summary>Errors and timeouts.</summary>
    Failures,
    /// <summary>Requests a fallback answered, or the model left unanswered.</summary>
    Fallback,
    /// <summary>The input features' distributions.</summary>
    InputDrift,
    /// <summary>Feature values absent or null.</summary>
    MissingValues,
    /// <summary>Numeric feature values beyond the reference's range.</summary>
    OutOfRange,
    /// <summary>Categorical feature values in categories the reference never saw.</summary>
    UnseenCategories,
    /// <summary>Feature values arriving with the other type (a number as text).</summary>
    WrongType,
    /// <summary>Quality gaps between segments.</summary>
    Fairness,
    /// <summary>What the model shows: its most shown category's share.</summary>
    Diversity,
    /// <summary>How many predictions arrive.</summary>
    Volume,
    /// <summary>Labels that stopped waiting.</summary>
    Labels,
    /// <summary>What users do with what they are served (engagement, opt-outs, feedback, value).</summary>
    UserResponse,
}
