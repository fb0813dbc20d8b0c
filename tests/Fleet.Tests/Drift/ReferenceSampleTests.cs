using System.Reflection;
using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

/// <summary>
/// The streamed reference: bins placed on the first <see cref="ReferenceSample.EdgeRows"/> rows, every row counted,
/// the rows themselves let go. Expected values are worked out here from the raw rows, independently of the histograms.
/// </summary>
public sealed class ReferenceSampleTests
{
    private const int Rows = DriftTracker.ReferenceRows;

    /// <summary>Gaussian income, a region whose "latam" and a feature "late" first appear after the edge rows, two far outliers.</summary>
    private static List<(Dictionary<string, FeatureValue> Features, double Score)> Traffic(int seed, int n, double incomeShift = 0)
    {
        var random = new Random(seed);
        string[] early = ["eu", "eu", "us", "apac"];
        var rows = new List<(Dictionary<string, FeatureValue>, double)>(n);
        for (var i = 0; i < n; i++)
        {
            var income = i == 3_000 ? 1e6 : i == 4_000 ? -1e6 : 50 + 10 * (Reference.Gaussian(random) + incomeShift);
            var features = new Dictionary<string, FeatureValue>
            {
                ["income"] = new(income, null),
                ["region"] = new(null, i > ReferenceSample.EdgeRows && i % 10 == 0 ? "latam" : early[random.Next(early.Length)]),
            };
            if (i > ReferenceSample.EdgeRows) features["late"] = new(i, null);
            rows.Add((features, Math.Clamp(0.5 + 0.15 * Reference.Gaussian(random), 0, 1)));
        }
        return rows;
    }

    private static ReferenceSample Stream(IEnumerable<(Dictionary<string, FeatureValue> Features, double Score)> rows, ReferenceSample? into = null)
    {
        var sample = into ?? new ReferenceSample();
        foreach (var (features, score) in rows) sample.Add(features.ToRow(), score);
        return sample;
    }

    /// <summary>Deciles of <paramref name="edgeValues"/> as <see cref="BinnedHistogram.Fit"/> defines them (rank floor(k n / 10)).</summary>
    private static double[] InnerEdges(IEnumerable<double> edgeValues)
    {
        var sorted = edgeValues.Order().ToArray();
        return Enumerable.Range(1, 9).Select(k => sorted[k * sorted.Length / 10]).ToArray();
    }

    private static long[] CountInto(double[] innerEdges, IEnumerable<double> values)
    {
        var counts = new long[innerEdges.Length + 1];
        foreach (var x in values) counts[innerEdges.Count(e => e <= x)]++; // bin j is [e_j, e_{j+1}), open at both ends
        return counts;
    }

    [Fact]
    public void A_streamed_reference_places_its_bins_on_the_first_rows_and_counts_every_row()
    {
        var rows = Traffic(seed: 7, n: Rows);
        var reference = Stream(rows).ToReference();

        var incomes = rows.Select(r => r.Features["income"].Number!.Value).ToArray();
        var income = reference.Numeric["income"];
        var inner = InnerEdges(incomes[..ReferenceSample.EdgeRows]);
        Assert.Equal(inner, income.Edges[1..^1].ToArray());
        Assert.Equal(CountInto(inner, incomes), income.Counts.ToArray());
        // The range is all rows' (the outliers came after the edge rows), so none of the reference is out of its range.
        Assert.Equal(-1e6, income.RangeMin);
        Assert.Equal(1e6, income.RangeMax);
        Assert.Equal(0, income.BelowRange + income.AboveRange);
        Assert.Equal(incomes.Average(), income.Mean, 1e-9);
        Assert.Equal(Rows, reference.Rows);

        var scores = rows.Select(r => r.Score).ToArray();
        var scoreInner = InnerEdges(scores[..ReferenceSample.EdgeRows]);
        Assert.Equal(CountInto(scoreInner, scores), reference.Score!.Counts.ToArray());

        // Categories are chosen on the first rows; a later one is a rare reference value ("other"), not an untracked one.
        var region = reference.Categorical["region"];
        Assert.Equal(["apac", "eu", "us"], region.Categories.Order());
        Assert.Equal(rows.Count(r => r.Features["region"].Category == "latam"), region.Other);
        Assert.Equal(0, region.Untracked);
        Assert.Equal(Rows, region.Count);
        // ... and remembered while counting, so a window sending it sees no unseen category.
        var window = region.CreateEmptyLike();
        foreach (var category in new[] { "eu", "latam", "us", "latam" }) window.Add(category);
        Assert.Equal(0, window.UnseenRate(region));

        // A feature the first rows never carried is not in the reference; windows report it as new.
        Assert.False(reference.Numeric.ContainsKey("late"));
        Assert.Empty(reference.NewFeatures);
    }

    [Fact]
    public void Fitting_on_all_rows_still_places_the_bins_on_all_of_them()
    {
        var rows = Traffic(seed: 7, n: Rows);
        var reference = DriftProfile.Fit(rows.Select(r => ((FeatureRow?)r.Features.ToRow(), (double?)r.Score)));

        var incomes = rows.Select(r => r.Features["income"].Number!.Value).ToArray();
        Assert.Equal(InnerEdges(incomes), reference.Numeric["income"].Edges[1..^1].ToArray());
        Assert.True(reference.Numeric.ContainsKey("late"));
    }

    [Fact]
    public void A_streamed_reference_judges_drift_as_one_fitted_on_all_rows_does()
    {
        var rows = Traffic(seed: 11, n: Rows);
        var streamed = new DriftCalculator(Stream(rows).ToReference());
        var exact = new DriftCalculator(DriftProfile.Fit(rows.Select(r => ((FeatureRow?)r.Features.ToRow(), (double?)r.Score))));

        foreach (var shift in new[] { 0.0, 0.25, 0.5 })
        {
            var window = Traffic(seed: 12, n: 3_000, incomeShift: shift);
            ModelDriftReport Judge(DriftCalculator calculator)
            {
                var profile = calculator.CreateWindow();
                foreach (var (features, score) in window) profile.Add(features.ToRow(), score);
                return calculator.Calculate(profile);
            }
            var a = Judge(streamed).Features.Single(f => f.Feature == "income");
            var b = Judge(exact).Features.Single(f => f.Feature == "income");
            Assert.Equal(b.Drifted, a.Drifted);
            // Deciles of 1,000 rows sit within ~1.5 percentiles of those of 5,000; a PSI over bins that hold 8.5-11.5 %
            // instead of 10 % of the reference moves by well under 0.02 (measured: 0.0055 at the 0.25σ shift, PSI 0.066 against 0.072).
            Assert.Equal(b[DriftStatisticNames.Psi]!.Value, a[DriftStatisticNames.Psi]!.Value, 0.02);
        }
    }

    [Fact]
    public void A_streamed_sample_lets_its_rows_go_and_checkpoints_what_it_counted()
    {
        var rows = Traffic(seed: 3, n: Rows);
        var kept = Stream(rows.Take(ReferenceSample.EdgeRows));
        Assert.True(kept.EstimatedBytes() > ReferenceSample.EdgeRows * 2 * sizeof(double)); // income and score, 8 bytes each

        var counting = Stream(rows.Skip(ReferenceSample.EdgeRows).Take(2_000), kept);
        Assert.True(counting.EstimatedBytes() < 4_096, $"{counting.EstimatedBytes()} bytes");

        // A checkpoint taken while counting goes on counting to the same reference.
        var restored = OrleansRoundTrip.Copy(counting);
        var rest = rows.Skip(ReferenceSample.EdgeRows + 2_000).ToList();
        var original = Stream(rest, counting).ToReference();
        var copy = Stream(rest, restored).ToReference();
        Assert.Equal(original.Rows, copy.Rows);
        Assert.Equal(original.Numeric["income"].Edges.ToArray(), copy.Numeric["income"].Edges.ToArray());
        Assert.Equal(original.Numeric["income"].Counts.ToArray(), copy.Numeric["income"].Counts.ToArray());
        Assert.Equal(original.Categorical["region"].Counts.ToArray(), copy.Categorical["region"].Counts.ToArray());
    }

    [Fact]
    public void A_checkpoint_from_before_the_two_phases_places_its_bins_on_the_rows_it_kept()
    {
        // Such a checkpoint holds up to 4,999 rows by column and no phase flag. Build one by keeping all rows, then clear the
        // flag as a checkpoint without the field reads (the flag's default).
        var rows = Traffic(seed: 5, n: Rows);
        var old = Stream(rows.Take(3_000), new ReferenceSample(keepAllRows: true));
        typeof(ReferenceSample).GetField("_keepAllRows", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(old, false);
        var restored = OrleansRoundTrip.Copy(old);

        var reference = Stream(rows.Skip(3_000), restored).ToReference();
        var incomes = rows.Select(r => r.Features["income"].Number!.Value).ToArray();
        var inner = InnerEdges(incomes[..3_000]);
        Assert.Equal(inner, reference.Numeric["income"].Edges[1..^1].ToArray());
        Assert.Equal(CountInto(inner, incomes), reference.Numeric["income"].Counts.ToArray());
        Assert.Equal(Rows, reference.Rows);
    }
}
