namespace Fleet.Models;

/// <summary>How a model's quality is measured from joined outcomes.</summary>
public enum QualityMetricKind
{
    /// <summary>Share of labelled predictions whose decision matched the label.</summary>
    Accuracy,
    /// <summary>Of the predictions scored positive, the share whose label was positive.</summary>
    Precision,
    /// <summary>Of the positive labels, the share the model scored positive (sensitivity).</summary>
    Recall,
    /// <summary>Share of served predictions the user found relevant (clicked, accepted): label 1.</summary>
    Relevance,
    /// <summary>Mean absolute error of a predicted value (forecasts): lower is better.</summary>
    Mae,
}

public static class QualityMetricKindExtensions
{
    public static bool LowerIsBetter(this QualityMetricKind kind) => kind == QualityMetricKind.Mae;
}
