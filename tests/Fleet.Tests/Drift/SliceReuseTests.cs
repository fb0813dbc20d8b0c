using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

/// <summary>
/// The tracker empties the slice that leaves its hour and counts the next ten minutes into it, instead of making a
/// new one: an emptied profile must be a new one down to the last bit, whatever it had counted.
/// </summary>
public sealed class SliceReuseTests
{
    private static IEnumerable<(Dictionary<string, FeatureValue> Features, double? Score)> Rows(int seed, int n)
    {
        var random = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            var features = new Dictionary<string, FeatureValue>
            {
                ["income"] = random.Next(20) == 0 ? new(null, "n/a") : new(40 + 30 * random.NextDouble(), null),
                ["region"] = random.Next(20) == 0 ? new(null, null) : new(null, random.Next(4) == 0 ? "latam" : "eu"),
            };
            if (random.Next(3) == 0) features[$"new{random.Next(40)}"] = new(1, null); // more new names than a window keeps
            yield return (features, random.Next(10) == 0 ? null : random.NextDouble());
        }
    }

    [Fact]
    public void An_emptied_window_is_a_new_one_and_counts_the_same_afterwards()
    {
        // The reference never saw the "new..." features: windows count them by name, up to their cap, in order of appearance.
        var reference = DriftProfile.Fit(Rows(seed: 1, n: 2_000).Select(r => (
            (FeatureRow?)r.Features.Where(kv => !kv.Key.StartsWith("new", StringComparison.Ordinal)).ToRow(), r.Score)));
        var fresh = reference.CreateEmptyLike();
        var reused = reference.CreateEmptyLike();
        foreach (var (features, score) in Rows(seed: 2, n: 3_000)) reused.Add(features.ToRow(), score);
        Assert.NotEqual(OrleansRoundTrip.Bytes(fresh), OrleansRoundTrip.Bytes(reused));
        Assert.Equal(DriftProfile.MaxNewFeatures, reused.NewFeatures.Count);

        reused.Clear();
        Assert.Equal(OrleansRoundTrip.Bytes(fresh), OrleansRoundTrip.Bytes(reused));

        foreach (var (features, score) in Rows(seed: 3, n: 3_000))
        {
            fresh.Add(features.ToRow(), score);
            reused.Add(features.ToRow(), score);
        }
        Assert.Equal(OrleansRoundTrip.Bytes(fresh), OrleansRoundTrip.Bytes(reused));
        Assert.Equal(fresh.NewFeatures.ToList(), reused.NewFeatures.ToList()); // the same names, in the same order
    }
}
