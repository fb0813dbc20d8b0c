namespace Fleet.Snapshots;

/// <summary>
/// One feature's (or the score's) drift over the last hour against the reference, under the common
/// names: psi, ks (with ks_p_value), jensen_shannon, wasserstein (normalised), hellinger, chi_square
/// (with chi_square_p_value); and its data quality (missing_rate, out_of_range_rate, unseen_category_rate,
/// wrong_type_rate). <see cref="Judged"/> is false while the hour holds too few rows.
/// </summary>
/// <param name="DecidedBy">The statistics whose breach decides <see cref="Drifted"/> (by default, on a reference of more than
/// 1,000 rows, wasserstein and ks for numbers, jensen_shannon and chi_square for categories; on a smaller one ks or
/// chi_square alone); the others are reported for reading, not deciding.</param>
/// <param name="DecidedByAny">Any one deciding statistic's breach is drift (the "any statistic" decision); otherwise all must breach.</param>
[GenerateSerializer, Immutable, Alias("Fleet.FeatureDriftLine")]
public sealed record FeatureDriftLine(
    [property: Id(0)] string Feature,
    [property: Id(1)] string Kind,
    [property: Id(2)] bool Judged,
    [property: Id(3)] bool Drifted,
    [property: Id(4)] IReadOnlyDictionary<string, double> Statistics,
    [property: Id(5)] IReadOnlyList<string> Breaches,
    [property: Id(6)] IReadOnlyDictionary<string, double> DataQuality,
    [property: Id(7)] IReadOnlyList<string> QualityIssues,
    [property: Id(8)] IReadOnlyList<string>? DecidedBy = null,
    [property: Id(9)] bool DecidedByAny = false);

/// <summary>
/// A model's input and prediction drift: the share of judged features that drifted (a model signal),
/// per-feature statistics and data quality, the score's drift, features that appeared or disappeared,
/// and the share of the top item category (diversity). Null fields: no reference yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.DriftSnapshot")]
public sealed record DriftSnapshot(
    [property: Id(0)] int ReferenceRows,
    [property: Id(1)] int ReferenceNeeded,
    [property: Id(2)] long Rows,
    [property: Id(3)] double? DriftedShare,
    [property: Id(4)] bool InputDrift,
    [property: Id(5)] IReadOnlyList<FeatureDriftLine> Features,
    [property: Id(6)] FeatureDriftLine? Score,
    [property: Id(7)] IReadOnlyList<string> Appeared,
    [property: Id(8)] IReadOnlyList<string> Disappeared,
    [property: Id(9)] double? TopCategoryShare,
    [property: Id(10)] IReadOnlyList<string> ChangeDetected);
