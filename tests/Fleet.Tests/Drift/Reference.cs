namespace Fleet.Tests.Drift;

/// <summary>
/// Straightforward, independent implementations the production code is checked against: exact statistics on
/// raw samples, closed forms of the chi-square tail, and seeded random streams.
/// </summary>
internal static class Reference
{
    /// <summary>Exact two-sample KS statistic on raw values: max over every value t of |F(t) − G(t)|, ties included.</summary>
    public static double ExactKolmogorovSmirnov(double[] a, double[] b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length || j < y.Length)
        {
            double t = Math.Min(i < x.Length ? x[i] : double.PositiveInfinity, j < y.Length ? y[j] : double.PositiveInfinity);
            while (i < x.Length && x[i] == t) i++;
            while (j < y.Length && y[j] == t) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        return d;
    }

    /// <summary>Exact W₁ between two equal-size samples: the mean distance between order statistics.</summary>
    public static double ExactWasserstein(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Equal sizes only.");
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += Math.Abs(x[i] - y[i]);
        return sum / x.Length;
    }

    /// <summary>Population standard deviation, two-pass.</summary>
    public static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    /// <summary>
    /// Kolmogorov survival function by the alternating series alone, summed to 2000 terms (valid for every λ &gt; 0,
    /// slow for small λ, which does not matter here).
    /// </summary>
    public static double KolmogorovSurvivalAlternating(double lambda)
    {
        double sum = 0;
        for (int k = 1; k <= 2000; k++) sum += (k % 2 == 1 ? 1 : -1) * Math.Exp(-2.0 * k * k * lambda * lambda);
        return 2 * sum;
    }

    /// <summary>Kolmogorov CDF by the theta-function series alone, 2000 terms.</summary>
    public static double KolmogorovCdfTheta(double lambda)
    {
        double sum = 0;
        for (int k = 1; k <= 2000; k++)
        {
            double odd = 2 * k - 1;
            sum += Math.Exp(-odd * odd * Math.PI * Math.PI / (8 * lambda * lambda));
        }
        return Math.Sqrt(2 * Math.PI) / lambda * sum;
    }

    /// <summary>
    /// Chi-square survival function by closed forms (Abramowitz &amp; Stegun 26.4.4-5): for even df,
    /// e^{−x/2} Σ_{i&lt;df/2} (x/2)^i / i!; for odd df, erfc(√(x/2)) + e^{−x/2} Σ_{i&lt;(df−1)/2} (x/2)^{i+½} / Γ(i+3/2),
    /// with erfc by Simpson's rule. Terms are summed in logs so large x and df do not overflow.
    /// </summary>
    public static double ChiSquareSurvival(double x, int df)
    {
        double half = x / 2;
        double sum = 0;
        if (df % 2 == 0)
        {
            double logFactorial = 0;
            for (int i = 0; i < df / 2; i++)
            {
                if (i > 0) logFactorial += Math.Log(i);
                sum += Math.Exp(-half + i * Math.Log(half) - logFactorial);
            }
            return sum;
        }

        // Γ(i + 3/2) = Γ(1/2) · (1/2)(3/2)...(i + 1/2), built up term by term.
        double logGamma = 0.5 * Math.Log(Math.PI);
        for (int i = 0; i < (df - 1) / 2; i++)
        {
            logGamma += Math.Log(i + 0.5);
            sum += Math.Exp(-half + (i + 0.5) * Math.Log(half) - logGamma);
        }
        return Erfc(Math.Sqrt(half)) + sum;
    }

    /// <summary>erfc(z) = 2/√π ∫_z^∞ e^{−t²} dt by composite Simpson's rule, h = 1e-3, truncated at z + 12 (z ≥ 0).</summary>
    public static double Erfc(double z)
    {
        const double h = 1e-3;
        const int intervals = 12_000;
        double sum = Math.Exp(-z * z) + Math.Exp(-(z + h * intervals) * (z + h * intervals));
        for (int k = 1; k < intervals; k++)
        {
            double t = z + k * h;
            sum += (k % 2 == 1 ? 4 : 2) * Math.Exp(-t * t);
        }
        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }

    /// <summary>A standard normal draw (Box-Muller) from a seeded generator.</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(); // (0, 1]: no log(0)
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double[] Gaussians(int seed, int n, double mean = 0, double sd = 1)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = mean + sd * Gaussian(random);
        return values;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
    }
}
