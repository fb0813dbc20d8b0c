namespace Fleet.Dashboard.Metrics;

/// <summary>
/// Turns a refused batch's answer into one of a fixed set of reasons, so the refusal counter has a bounded number of
/// series: a field path such as "predictions[3].features.age" becomes "invalid_features", an unknown field
/// "invalid_other"; ids, indices and feature names never reach a label.
/// </summary>
public static class RefusalReason
{
    public const string BodyTooLarge = "body_too_large";
    public const string TooManyEvents = "too_many_events";
    public const string UnknownModel = "unknown_model";
    public const string MalformedBody = "malformed_body";
    public const string Other = "invalid_other";

    /// <summary>The last names of the fields a batch can be refused for.</summary>
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "batchId", "sentAt", "predictions", "outcomes", "predictionId", "timestamp", "score", "latencyMs", "servedLevel",
        "segment", "features", "label", "fallback", "error", "timeout",
    };

    public static IReadOnlyList<string> All { get; } =
        [BodyTooLarge, TooManyEvents, UnknownModel, MalformedBody, Other, .. KnownFields.Select(f => "invalid_" + f).Order(StringComparer.Ordinal)];

    public static string Of(int status, string field)
    {
        if (status == StatusCodes.Status404NotFound) return UnknownModel;
        if (status == StatusCodes.Status413PayloadTooLarge) return field == "body" ? BodyTooLarge : TooManyEvents;
        if (field == "body") return MalformedBody;
        var name = LastName(field);
        return KnownFields.Contains(name) ? "invalid_" + name : Other;
    }

    /// <summary>"predictions[3].latencyMs" -> "latencyMs"; anything under "features" -> "features".</summary>
    private static string LastName(string field)
    {
        var path = field.Split('.');
        for (var i = 0; i < path.Length; i++)
        {
            var name = path[i];
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0) name = name[..bracket];
            if (name == "features" || i == path.Length - 1) return name;
        }
        return field;
    }
}
