
namespace Fleet.Simulation;

/// <summary>
/// Every random draw of a run comes from a stream derived from (seed, model, purpose), so the order
/// in which grains or threads run never changes a number: same scenario + seed = same run.
/// </summary>
public static class RandomStreams
{
    public static Random For(int seed, string model, string purpose)
    {
        // Invariant: under some language settings a negative seed is written with U+2212, not "-".
        var hash = Fleet.Monitoring.Ingestion.StableHash.Of(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seed}\u001f{model}\u001f{purpose}"));
        return new Random(unchecked((int)(hash ^ (hash >> 32))));
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double NextGaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Poisson count: Knuth's method for small means, a rounded normal for large ones.</summary>
    public static int NextPoisson(this Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * random.NextGaussian()));
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public static int NextWeighted(this Random random, IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0) return i;
        }
        return weights.Count - 1;
    }
}
