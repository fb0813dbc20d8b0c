namespace Fleet.Catalogue;

/// <summary>
/// Everything Fleet judges models by, as <c>GET /api/catalogue</c> shows it: the readings each evaluation produces, the
/// level thresholds with each domain's defaults, the shaped thresholds (quality targets, hysteresis) with theirs, the alert
/// and burn-rate rules, and the level names. Built from the declarations themselves (Readings, ThresholdCatalogue, the
/// default alert rules) by the server's CatalogueBuilder.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.CatalogueView")]
public sealed record CatalogueView(
    [property: Id(0)] IReadOnlyList<LevelEntry> Levels,
    [property: Id(1)] IReadOnlyList<ReadingEntry> Readings,
    [property: Id(2)] IReadOnlyList<ThresholdEntry> Thresholds,
    [property: Id(3)] IReadOnlyList<AlertRuleEntry> AlertRules,
    [property: Id(4)] IReadOnlyList<BurnRateEntry> BurnRateRules,
    [property: Id(5)] IReadOnlyList<ShapedEntry> Shaped)
{
    /// <summary>Whether an alert of this name can fire: an alert rule's, or one window of a burn-rate rule's.</summary>
    public bool DeclaresAlert(string name) =>
        AlertRules.Any(r => r.Name == name) || BurnRateRules.Any(b => b.Windows.Any(w => w.Alert == name));
}

/// <summary>A threshold with a shape of its own (a shaped declaration of the catalogue): its fields and each domain's defaults.</summary>
/// <param name="Defaults">Per known domain (and "other"), each field's default as text ("0.7", "24h", "10m").</param>
[GenerateSerializer, Immutable, Alias("Fleet.ShapedEntry")]
public sealed record ShapedEntry(
    [property: Id(0)] string Field,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<ShapedFieldEntry> Fields,
    [property: Id(3)] Dictionary<string, Dictionary<string, string>> Defaults);

[GenerateSerializer, Immutable, Alias("Fleet.ShapedFieldEntry")]
public sealed record ShapedFieldEntry([property: Id(0)] string Name, [property: Id(1)] string Kind, [property: Id(2)] string Description);

[GenerateSerializer, Immutable, Alias("Fleet.LevelEntry")]
public sealed record LevelEntry([property: Id(0)] int Level, [property: Id(1)] string Name);

/// <param name="Windows">The windows it is produced over ("5m", "7d"); empty for a reading without a window.</param>
[GenerateSerializer, Immutable, Alias("Fleet.ReadingEntry")]
public sealed record ReadingEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Unit,
    [property: Id(2)] IReadOnlyList<string> Windows,
    [property: Id(3)] string Judged,
    [property: Id(4)] string Description);

/// <summary>One limit's value, window and minimum samples; null where a domain leaves the limit off.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.LimitEntry")]
public sealed record LimitEntry([property: Id(0)] double Value, [property: Id(1)] string Window, [property: Id(2)] long MinSamples);

/// <param name="Comparison">The bad side: "&gt;" for a cost, "&lt;" for a share or a count that must stay high.</param>
/// <param name="Defaults">Per known domain (and "other" for the rest), the default limit or null when it is off.</param>
[GenerateSerializer, Immutable, Alias("Fleet.ThresholdEntry")]
public sealed record ThresholdEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Field,
    [property: Id(2)] string Reading,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Comparison,
    [property: Id(5)] int Level,
    [property: Id(6)] string Description,
    [property: Id(7)] Dictionary<string, LimitEntry?> Defaults);

[GenerateSerializer, Immutable, Alias("Fleet.AlertRuleEntry")]
public sealed record AlertRuleEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Reading,
    [property: Id(2)] string Comparison,
    [property: Id(3)] double Threshold,
    [property: Id(4)] string For,
    [property: Id(5)] string KeepFiringFor,
    [property: Id(6)] string Severity,
    [property: Id(7)] string Scope,
    [property: Id(8)] string Description);

[GenerateSerializer, Immutable, Alias("Fleet.BurnRateEntry")]
public sealed record BurnRateEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Indicator,
    [property: Id(2)] IReadOnlyList<string> Readings,
    [property: Id(3)] double Objective,
    [property: Id(4)] IReadOnlyList<BurnWindowEntry> Windows,
    [property: Id(5)] string Description);

[GenerateSerializer, Immutable, Alias("Fleet.BurnWindowEntry")]
public sealed record BurnWindowEntry(
    [property: Id(0)] string Alert,
    [property: Id(1)] string Long,
    [property: Id(2)] string Short,
    [property: Id(3)] double Factor,
    [property: Id(4)] string Severity,
    [property: Id(5)] string For,
    [property: Id(6)] string KeepFiringFor);
