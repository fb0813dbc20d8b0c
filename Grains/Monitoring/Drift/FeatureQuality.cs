namespace Fleet.Monitoring.Drift;

/// <summary>The names data-quality breaches are reported under.</summary>
public static class QualityIssueNames
{
    public const string Missing = "missing";
    public const string OutOfRange = "out_of_range";
    public const string UnseenCategory = "unseen_category";
    public const string WrongType = "wrong_type";
    public const string TypeChanged = "type_changed";
    public const string Disappeared = "disappeared";
}

/// <summary>
/// Data quality of one feature in a current window, against its reference: the plain counters of the
/// histograms turned into rates, and which of them breach <see cref="DriftThresholds"/>.
/// </summary>
/// <param name="Rows">Rows the window saw (0 when the histogram was assessed on its own, without a profile).</param>
/// <param name="Present">Rows that carried the feature (a value, null, or the wrong type).</param>
/// <param name="MissingRate">(absent + null/NaN) / rows, or null-or-NaN / present without rows. NaN when nothing was seen.</param>
/// <param name="ReferenceMissingRate">The same rate in the reference.</param>
/// <param name="OutOfRangeRate">Finite values outside the reference [min, max] / finite values (numeric only, else null).</param>
/// <param name="ExpectedOutOfRangeRate">2/(N+1): what an unchanged continuous distribution gives (numeric only, else null).</param>
/// <param name="UnseenCategoryRate">See <see cref="CategoricalHistogram.UnseenRate"/> (categorical only, else null).</param>
/// <param name="WrongTypeRate">Values of the other type (category for a numeric feature, number for a categorical one) / present.</param>
/// <param name="TypeChanged">Most non-missing values now arrive with the other type.</param>
/// <param name="Disappeared">No row of a window of at least the minimum rows carried the feature.</param>
/// <param name="Breaches"><see cref="QualityIssueNames"/> of the breached checks.</param>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.FeatureQuality")]
public sealed record FeatureQuality(
    [property: Id(0)] long Rows,
    [property: Id(1)] long Present,
    [property: Id(2)] double MissingRate,
    [property: Id(3)] double ReferenceMissingRate,
    [property: Id(4)] double? OutOfRangeRate,
    [property: Id(5)] double? ExpectedOutOfRangeRate,
    [property: Id(6)] double? UnseenCategoryRate,
    [property: Id(7)] double WrongTypeRate,
    [property: Id(8)] bool TypeChanged,
    [property: Id(9)] bool Disappeared,
    [property: Id(10)] IReadOnlyList<string> Breaches)
{
    /// <summary>Quality of a numeric feature. Rows of 0 mean "assess the histograms alone" (no absent-row accounting).</summary>
    public static FeatureQuality Assess(BinnedHistogram reference, BinnedHistogram current, DriftThresholds thresholds,
        long referenceRows = 0, long currentRows = 0)
    {
        reference.RequireSameBins(current);
        double outOfRange = current.Count == 0 ? double.NaN : (double)(current.BelowRange + current.AboveRange) / current.Count;
        double expected = reference.Count == 0 ? double.NaN : 2.0 / (reference.Count + 1);
        bool outOfRangeBreach = outOfRange - expected > thresholds.OutOfRangeRate; // NaN compares false
        return Build(thresholds, referenceRows, currentRows,
            reference.Total, reference.Missing, current.Total, current.Missing, current.WrongType,
            outOfRange, expected, unseen: null, extraBreach: outOfRangeBreach ? QualityIssueNames.OutOfRange : null);
    }

    /// <summary>Quality of a categorical feature. Rows of 0 mean "assess the histograms alone".</summary>
    public static FeatureQuality Assess(CategoricalHistogram reference, CategoricalHistogram current, DriftThresholds thresholds,
        long referenceRows = 0, long currentRows = 0)
    {
        double unseen = current.UnseenRate(reference);
        bool unseenBreach = unseen > thresholds.UnseenCategoryRate;
        return Build(thresholds, referenceRows, currentRows,
            reference.Total, reference.Missing, current.Total, current.Missing, current.WrongType,
            outOfRange: null, expected: null, unseen, extraBreach: unseenBreach ? QualityIssueNames.UnseenCategory : null);
    }

    private static FeatureQuality Build(DriftThresholds t, long referenceRows, long currentRows,
        long referencePresent, long referenceMissing, long present, long missing, long wrongType,
        double? outOfRange, double? expected, double? unseen, string? extraBreach)
    {
        double missingRate = RateOfMissing(currentRows, present, missing);
        double referenceMissingRate = RateOfMissing(referenceRows, referencePresent, referenceMissing);
        double wrongTypeRate = present == 0 ? double.NaN : (double)wrongType / present;
        bool typeChanged = wrongType > 0 && wrongType > present - missing - wrongType;
        bool disappeared = currentRows >= t.MinCurrentSamples && currentRows > 0 && present == 0;

        var breaches = new List<string>(2);
        if (disappeared) breaches.Add(QualityIssueNames.Disappeared);
        else if (missingRate - (double.IsNaN(referenceMissingRate) ? 0 : referenceMissingRate) > t.MissingRateIncrease)
        {
            breaches.Add(QualityIssueNames.Missing);
        }
        if (extraBreach is not null) breaches.Add(extraBreach);
        if (wrongTypeRate > t.WrongTypeRate) breaches.Add(QualityIssueNames.WrongType);
        if (typeChanged) breaches.Add(QualityIssueNames.TypeChanged);

        return new FeatureQuality(currentRows, present, missingRate, referenceMissingRate, outOfRange, expected, unseen,
            wrongTypeRate, typeChanged, disappeared, breaches);
    }

    // With rows known, a row without the feature is as missing to the model as an explicit null.
    private static double RateOfMissing(long rows, long present, long missing)
    {
        if (rows > 0) return (double)(rows - present + missing) / rows;
        return present == 0 ? double.NaN : (double)missing / present;
    }
}
