using Fleet.Models;

namespace Fleet.Catalogue;

/// <summary>What one field of a shaped threshold holds, and so how it is checked and shown.</summary>
public enum ShapedFieldKind
{
    /// <summary>A value of the model's quality metric: a fraction, or a number >= 0 for a lower-is-better metric.</summary>
    Metric,
    /// <summary>A share from 0 (inclusive) to 1 (exclusive).</summary>
    Fraction,
    /// <summary>A window name: 5m, 1h, 24h, 30d.</summary>
    Window,
    /// <summary>A count of 0 or more.</summary>
    Count,
    /// <summary>A duration such as 10m or 1h.</summary>
    Duration,
}

/// <summary>One field of a <see cref="ShapedDeclaration{T}"/>: its name in requests and answers, and how it reads the value.</summary>
public sealed class ShapedField<T>
{
    public required string Name { get; init; }
    public required ShapedFieldKind Kind { get; init; }
    public required string Description { get; init; }
    /// <summary>The field's value as the API answers it: a number, a window name or a duration.</summary>
    public required Func<T, object> Read { get; init; }
}

/// <summary>
/// A threshold that is not a limit but has a shape of its own (the quality targets, the hysteresis), declared once in
/// <see cref="ThresholdCatalogue"/>: its field under "thresholds", its fields, and its default per domain. The API, the
/// catalogue endpoint (and through it the CLI and README) and scenario overrides read it from here.
/// </summary>
public sealed class ShapedDeclaration<T>
{
    /// <summary>Its field under "thresholds" in requests and answers: "quality".</summary>
    public required string Field { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<ShapedField<T>> Fields { get; init; }
    /// <summary>Its default for a domain's profile and the model's quality metric.</summary>
    public required Func<DomainDefaults.Profile, QualityMetricKind, T> Default { get; init; }

    /// <summary>The path of it or one of its fields in a request: "thresholds.quality.launch".</summary>
    public string Path(string? field = null) => field is null ? $"thresholds.{Field}" : $"thresholds.{Field}.{field}";

    /// <summary>Its fields and their values, as a registration answers them.</summary>
    public Dictionary<string, object> View(T value)
    {
        var view = new Dictionary<string, object>(Fields.Count);
        foreach (var field in Fields) view[field.Name] = field.Read(value);
        return view;
    }
}
