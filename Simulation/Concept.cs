namespace Fleet.Simulation;

/// <summary>
/// A linear concept over standardised features: z = w . x. The true concept makes outcomes, the
/// learned one (a copy taken at the last training) makes predictions; they differ once the world moves.
/// </summary>
public sealed class Concept(double[] weights)
{
    public double[] Weights { get; } = weights;

    public double Score(ReadOnlySpan<double> x)
    {
        var z = 0.0;
        for (var i = 0; i < Weights.Length; i++) z += Weights[i] * x[i];
        return z;
    }

    public Concept Copy() => new((double[])Weights.Clone());

    public double Norm => Math.Sqrt(Weights.Sum(x => x * x));

    /// <summary>The same direction at length <paramref name="norm"/>.</summary>
    public Concept Scaled(double norm)
    {
        var length = Norm;
        return length == 0 ? Copy() : new Concept(Weights.Select(w => w * norm / length).ToArray());
    }

    public static Concept Random(Random random, int features)
    {
        var w = new double[features];
        for (var i = 0; i < w.Length; i++) w[i] = random.NextGaussian();
        return new Concept(Normalise(w));
    }

    /// <summary>A unit direction orthogonal to <paramref name="to"/>: moving along it changes the concept, not its scale.</summary>
    public static double[] OrthogonalDirection(Random random, double[] to)
    {
        var d = new double[to.Length];
        for (var i = 0; i < d.Length; i++) d[i] = random.NextGaussian();
        var dot = 0.0;
        for (var i = 0; i < d.Length; i++) dot += d[i] * to[i];
        for (var i = 0; i < d.Length; i++) d[i] -= dot * to[i];
        return Normalise(d);
    }

    /// <summary>
    /// Turns the concept towards <paramref name="direction"/> (by atan(amount)) and keeps its length, so the
    /// label noise stays what it was calibrated to: the relation moves, it does not get sharper.
    /// </summary>
    public Concept Shifted(double[] direction, double amount)
    {
        if (amount == 0) return this;
        var norm = Math.Sqrt(Weights.Sum(x => x * x));
        var w = new double[Weights.Length];
        for (var i = 0; i < w.Length; i++) w[i] = Weights[i] + amount * direction[i];
        var scaled = Normalise(w);
        for (var i = 0; i < w.Length; i++) scaled[i] *= norm;
        return new Concept(scaled);
    }

    private static double[] Normalise(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        if (norm == 0) { v[0] = 1; return v; }
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }
}
