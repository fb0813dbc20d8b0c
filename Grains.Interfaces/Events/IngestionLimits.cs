using Fleet.Models;

namespace Fleet.Events;

/// <summary>The bounds a batch must respect, in one place so the API documents the same numbers.</summary>
public static class IngestionLimits
{
    /// <summary>Events (predictions + outcomes) in one batch.</summary>
    public const int MaxBatchEvents = 10_000;

    /// <summary>Length of a batch id or prediction id.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Features on one prediction.</summary>
    public const int MaxFeatures = 256;

    /// <summary>The largest business value of one outcome, either sign: sums over 30 days stay exact enough and finite.</summary>
    public const double MaxValue = 1e9;

    /// <summary>How far past the sender's clock an event may be stamped (clock skew).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>How far behind the model's clock an event may be: the longest window.</summary>
    public static TimeSpan Horizon => WindowSpans.Horizon;
}
