using Fleet.Events;
using Fleet.Monitoring.Detectors;
using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

/// <summary>The hot paths the model grain runs per event, and the statistics it runs per report, do not allocate.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Recording_values_computing_statistics_and_updating_detectors_allocate_nothing()
    {
        var values = Reference.Gaussians(seed: 12, n: 10_000);
        var reference = BinnedHistogram.Fit(values);
        var current = reference.CreateEmptyLike();
        var categories = CategoricalHistogram.Fit(["a", "b", "c"]);
        var categoryWindow = categories.CreateEmptyLike();
        var row = new Dictionary<string, FeatureValue> { ["x"] = new(1.5, null), ["region"] = new(null, "b"), ["new"] = new(2, null) }.ToRow();
        var profile = DriftProfile.Fit([(row, 0.5)]);
        var window = profile.CreateEmptyLike();
        var adwin = new Adwin();
        var pageHinkley = new PageHinkley();

        void Work(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                double x = values[i];
                current.Add(x);
                categoryWindow.Add(i % 2 == 0 ? "a" : "c");
                window.Add(row, x);
                adwin.Update(x);
                pageHinkley.Update(x);
            }
            PopulationStabilityIndex.Compute(reference, current);
            KolmogorovSmirnov.Compute(reference, current);
            JensenShannonDistance.Compute(reference, current);
            HellingerDistance.Compute(reference, current);
            WassersteinDistance.ComputeNormalised(reference, current);
            ChiSquareTest.Compute(categories, categoryWindow);
        }

        Work(0, 5000); // warm-up: JIT, ADWIN's rows, the profile's one new-feature entry
        long before = GC.GetAllocatedBytesForCurrentThread();
        Work(5000, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
