using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

/// <summary>The drift snapshot (what the API and the page show) lists a breach only beside its number.</summary>
public sealed class DriftSnapshotTests
{
    [Fact]
    public void A_constant_feature_that_moved_shows_its_wasserstein_distance_beside_the_breach()
    {
        var random = new Random(3);
        Dictionary<string, FeatureValue> Row(double constant) => new()
        {
            ["constant"] = new(constant, null),
            ["income"] = new(50 + 10 * Reference.Gaussian(random), null),
        };
        var calculator = new DriftCalculator(DriftProfile.Fit(Enumerable.Range(0, 5000).Select(_ => ((FeatureRow?)Row(0.8).ToRow(), (double?)0.5))));
        var window = calculator.CreateWindow();
        for (var i = 0; i < 500; i++) window.Add(Row(0.9).ToRow(), 0.5);

        var snapshot = DriftSnapshots.From(new DriftTracker(), calculator.Calculate(window), null, []);

        var line = snapshot.Features.Single(f => f.Feature == "constant");
        Assert.True(line.Drifted);
        Assert.Contains(DriftStatisticNames.Wasserstein, line.Breaches);
        Assert.Equal(100, line.Statistics[DriftStatisticNames.Wasserstein], 1e-9); // W₁ 0.1 over the 0.001 floor
        foreach (var feature in snapshot.Features) Assert.All(feature.Breaches, b => Assert.Contains(b, feature.Statistics.Keys));
    }
}
