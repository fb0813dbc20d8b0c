using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

/// <summary>
/// Drift reads a <see cref="FeatureRow"/> by position, through a per-schema plan, instead of looking each feature up by
/// name: the histograms, the reference and the reports must come out bit for bit as they do from the same features in
/// rows that each have a schema of their own (a new plan every row), whatever the rows hold (wrong types, missing
/// values, features the reference lacks, two schemas mixed).
/// </summary>
public sealed class FeatureRowDriftTests
{
    private static readonly FeatureSchema Wide = new(["income", "region", "code", "late"]);
    private static readonly FeatureSchema Narrow = new(["region", "income"]); // another order, and without two features

    /// <summary>The same rows twice: as rows of a shared schema and as dictionaries filled in the rows' order.</summary>
    internal static List<(FeatureRow Row, Dictionary<string, FeatureValue> Dictionary, double? Score)> Traffic(int seed, int n, double shift = 0)
    {
        var random = new Random(seed);
        string[] regions = ["eu", "us", "apac", "latam"];
        var rows = new List<(FeatureRow, Dictionary<string, FeatureValue>, double?)>(n);
        for (var i = 0; i < n; i++)
        {
            var income = random.Next(50) switch
            {
                0 => new FeatureValue(null, null),                       // missing
                1 => new FeatureValue(null, "n/a"),                      // a category where a number belongs
                _ => new FeatureValue(50 + 10 * (Reference.Gaussian(random) + shift), null),
            };
            var region = random.Next(40) switch
            {
                0 => new FeatureValue(3, null),                          // a number where a category belongs
                1 => new FeatureValue(null, null),
                _ => new FeatureValue(null, regions[random.Next(i < 2_000 ? 3 : 4)]), // latam only later: untracked
            };
            var code = random.Next(3) == 0 ? new FeatureValue(null, $"k{random.Next(5)}") : new FeatureValue(random.Next(7), null);
            var late = new FeatureValue(i, null);
            var (schema, values) = random.Next(5) == 0 ? (Narrow, new[] { region, income }) : (Wide, new[] { income, region, code, late });
            var dictionary = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
            for (var j = 0; j < values.Length; j++) dictionary[schema[j]] = values[j];
            double? score = random.Next(30) == 0 ? null : Math.Clamp(0.5 + 0.15 * Reference.Gaussian(random), 0, 1);
            rows.Add((new FeatureRow(schema, values), dictionary, score));
        }
        return rows;
    }

    [Fact]
    public void A_window_counts_rows_of_a_shared_schema_exactly_as_rows_of_their_own()
    {
        var reference = DriftProfile.Fit(Traffic(seed: 1, n: 3_000).Select(r => ((FeatureRow?)r.Dictionary.ToRow(), r.Score)));
        Assert.Contains("late", reference.Numeric.Keys); // "late" is in the reference: drop it below to make it new
        var withoutLate = DriftProfile.FromHistograms(reference.Numeric.Where(kv => kv.Key != "late").ToDictionary(), reference.Categorical, reference.Score, reference.Rows);

        foreach (var fitted in new[] { reference, withoutLate })
        {
            var byRow = fitted.CreateEmptyLike();
            var byName = fitted.CreateEmptyLike();
            foreach (var (row, dictionary, score) in Traffic(seed: 2, n: 4_000, shift: 0.4))
            {
                byRow.Add(row, score);
                byName.Add(dictionary.ToRow(), score);
            }

            Assert.Equal(OrleansRoundTrip.Bytes(byName), OrleansRoundTrip.Bytes(byRow));
            var calculator = new DriftCalculator(fitted);
            Assert.Equal(OrleansRoundTrip.Bytes(calculator.Calculate(byName)), OrleansRoundTrip.Bytes(calculator.Calculate(byRow)));
        }
        // The check can fail: a window that saw one row fewer has other bytes.
        var shorter = reference.CreateEmptyLike();
        foreach (var (row, _, score) in Traffic(seed: 2, n: 3_999, shift: 0.4)) shorter.Add(row, score);
        var full = reference.CreateEmptyLike();
        foreach (var (row, _, score) in Traffic(seed: 2, n: 4_000, shift: 0.4)) full.Add(row, score);
        Assert.NotEqual(OrleansRoundTrip.Bytes(full), OrleansRoundTrip.Bytes(shorter));
    }

    [Fact]
    public void A_tracker_fed_rows_fits_the_same_reference_and_reports_the_same_drift()
    {
        var start = DateTimeOffset.Parse("2025-01-06T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var byRow = new DriftTracker();
        var byName = new DriftTracker();
        var traffic = Traffic(seed: 3, n: DriftTracker.ReferenceRows + 6_000, shift: 0).Concat(Traffic(seed: 4, n: 3_000, shift: 1)).ToList();
        for (var i = 0; i < traffic.Count; i++)
        {
            var (row, dictionary, score) = traffic[i];
            var at = start.AddSeconds(i); // rows span the edge rows, the fit, and several ten-minute slices
            byRow.Record(new PredictionEvent(at, $"p{i}", null, score, 10, 1, false, false, false, row));
            byName.Record(new PredictionEvent(at, $"p{i}", null, score, 10, 1, false, false, false, dictionary.ToRow()));
            if (i % 997 == 0) Assert.Equal(OrleansRoundTrip.Bytes(byName), OrleansRoundTrip.Bytes(byRow));
        }
        var now = start.AddSeconds(traffic.Count).UtcTicks;

        Assert.Equal(OrleansRoundTrip.Bytes(byName), OrleansRoundTrip.Bytes(byRow));
        var report = byRow.Report(now);
        Assert.NotNull(report);
        Assert.Contains(report.Features, f => f.Drifted); // the shifted traffic drifted: the comparison is of real reports
        Assert.Equal(OrleansRoundTrip.Bytes(byName.Report(now)), OrleansRoundTrip.Bytes(report));
        Assert.Equal(byName.TopCategoryShare("region", now), byRow.TopCategoryShare("region", now));
    }

    [Fact]
    public void A_profile_that_changes_schemas_back_and_forth_still_counts_each_by_name()
    {
        var reference = DriftProfile.Fit([(new Dictionary<string, FeatureValue> { ["income"] = new(1, null), ["region"] = new(null, "eu") }.ToRow(), 0.5)]);
        var window = reference.CreateEmptyLike();
        window.Add(new FeatureRow(Wide, [new(2, null), new(null, "eu"), new(1, null), new(1, null)]), 0.5);
        window.Add(new FeatureRow(Narrow, [new(null, "us"), new(null, null)]), null);
        window.Add(new FeatureRow(Wide, [new(null, "x"), new(4, null), new(null, "k"), new(2, null)]), 0.5);

        Assert.Equal(3, window.Rows);
        var income = window.Numeric["income"];
        Assert.Equal((1L, 1L, 1L), (income.Count, income.Missing, income.WrongType));
        var region = window.Categorical["region"];
        Assert.Equal((2L, 0L, 1L), (region.Count, region.Missing, region.WrongType)); // eu (tracked), us (untracked), 4 (a number)
        Assert.Equal(1, region.Untracked);
        Assert.Equal(new Dictionary<string, long> { ["code"] = 2, ["late"] = 2 }, window.NewFeatures);
        Assert.Equal(1, window.Score!.Missing);
    }

    [Fact]
    public void Counting_rows_of_one_schema_allocates_nothing()
    {
        // A model logs one schema (the simulator's do): the plan is made once per window, then every row is counted in place.
        var rows = Traffic(seed: 5, n: 2_000).Where(r => r.Row.Schema == Wide).ToList();
        var window = DriftProfile.Fit(rows.Select(r => ((FeatureRow?)r.Row, r.Score))).CreateEmptyLike();
        foreach (var (row, _, score) in rows) window.Add(row, score); // warm-up: JIT and the plan
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var (row, _, score) in rows) window.Add(row, score);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2L * rows.Count, window.Rows);
    }
}
