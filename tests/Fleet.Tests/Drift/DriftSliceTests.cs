using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

/// <summary>
/// A drift slice keeps a window's counts in one array, counted by its reference's histograms: the hour merged from
/// slices must be bit for bit the hour merged from profile windows of the same rows (the layout before), whatever the
/// rows hold (wrong types, missing values, untracked categories, features the reference lacks), through emptying and a
/// checkpoint.
/// </summary>
public sealed class DriftSliceTests
{
    [Fact]
    public void An_hour_merged_from_slices_is_the_hour_merged_from_windows_of_the_same_rows()
    {
        var reference = DriftProfile.Fit(FeatureRowDriftTests.Traffic(seed: 1, n: 3_000).Select(r => ((Fleet.Events.FeatureRow?)r.Row, r.Score)));
        var withoutLate = DriftProfile.FromHistograms(reference.Numeric.Where(kv => kv.Key != "late").ToDictionary(), reference.Categorical, reference.Score, reference.Rows);
        foreach (var fitted in new[] { reference, withoutLate })
        {
            var traffic = FeatureRowDriftTests.Traffic(seed: 2, n: 6_000, shift: 0.4);
            var slices = Enumerable.Range(0, 3).Select(_ => new DriftSlice(fitted)).ToArray();
            var windows = Enumerable.Range(0, 3).Select(_ => fitted.CreateEmptyLike()).ToArray();
            for (var i = 0; i < traffic.Count; i++)
            {
                var (row, _, score) = traffic[i];
                // The first slice is filled, emptied and filled again, as the tracker reuses the slice an hour old.
                if (i == 1_000)
                {
                    slices[0].Clear(fitted);
                    windows[0].Clear();
                }
                slices[i % 3].Add(fitted, row, score);
                windows[i % 3].Add(row, score);
            }
            slices[1] = OrleansRoundTrip.Copy(slices[1]); // a checkpoint between counting and merging

            var fromSlices = fitted.CreateEmptyLike();
            var fromWindows = fitted.CreateEmptyLike();
            for (var k = 0; k < 3; k++)
            {
                fromSlices.Add(slices[k]);
                fromWindows.Add(windows[k]);
            }

            Assert.Equal(OrleansRoundTrip.Bytes(fromWindows), OrleansRoundTrip.Bytes(fromSlices));
            var calculator = new DriftCalculator(fitted);
            var report = calculator.Calculate(fromSlices);
            Assert.Contains(report.Features, f => f.Drifted); // the shifted traffic drifted: the comparison is of real reports
            Assert.Equal(OrleansRoundTrip.Bytes(calculator.Calculate(fromWindows)), OrleansRoundTrip.Bytes(report));
            Assert.Equal(6_000 - 334, fromSlices.Rows); // the first slice's rows 0, 3, ..., 999 were emptied away
        }
    }

    [Fact]
    public void The_comparison_can_fail_a_slice_that_saw_one_row_fewer_merges_to_other_bytes()
    {
        var reference = DriftProfile.Fit(FeatureRowDriftTests.Traffic(seed: 1, n: 3_000).Select(r => ((Fleet.Events.FeatureRow?)r.Row, r.Score)));
        var (full, shorter) = (new DriftSlice(reference), new DriftSlice(reference));
        foreach (var (row, _, score) in FeatureRowDriftTests.Traffic(seed: 2, n: 4_000, shift: 0.4)) full.Add(reference, row, score);
        foreach (var (row, _, score) in FeatureRowDriftTests.Traffic(seed: 2, n: 3_999, shift: 0.4)) shorter.Add(reference, row, score);
        var (a, b) = (reference.CreateEmptyLike(), reference.CreateEmptyLike());
        a.Add(full);
        b.Add(shorter);
        Assert.NotEqual(OrleansRoundTrip.Bytes(a), OrleansRoundTrip.Bytes(b));
    }
}
