namespace Fleet.Monitoring.Drift;

// Implemented here because .NET's base library has no gamma functions and one p-value does not justify a
// numerics package in every silo.
/// <summary>
/// The regularized incomplete gamma functions <c>P(a, x)</c> and <c>Q(a, x) = 1 − P(a, x)</c>, and ln Γ.
/// </summary>
/// <remarks>
/// <para>
/// For <c>x &lt; a + 1</c>: the series <c>P = e^{−x} x^a / Γ(a) · Σ_{n≥0} x^n / (a(a+1)…(a+n))</c>, and Q = 1 − P.
/// Otherwise: the continued fraction <c>Q = e^{−x} x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …)))</c>
/// evaluated with the modified Lentz method, so tiny upper tails (p = 1e-30) keep full relative precision.
/// Both stop at a relative change of 1e-15; ln Γ is Lanczos (g = 7, 9 terms), relative error ≈ 1e-15.
/// Tested against closed forms to 1e-11 relative for df ≤ 200 (a ≤ 100), deep tails included, and P + Q = 1 to
/// 1e-13 up to a = 500. Chi-square p-values use <c>Q(df/2, χ²/2)</c>.
/// </para>
/// </remarks>
public static class IncompleteGamma
{
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be positive.");
        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range: Γ(x)Γ(1−x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }
        x -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Regularized lower incomplete gamma P(a, x), a &gt; 0, x ≥ 0.</summary>
    public static double LowerRegularized(double a, double x)
    {
        Validate(a, x);
        if (x == 0) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        return x < a + 1 ? Series(a, x) : 1 - ContinuedFraction(a, x);
    }

    /// <summary>Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), a &gt; 0, x ≥ 0.</summary>
    public static double UpperRegularized(double a, double x)
    {
        Validate(a, x);
        if (x == 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return x < a + 1 ? 1 - Series(a, x) : ContinuedFraction(a, x);
    }

    private static void Validate(double a, double x)
    {
        if (!(a > 0) || double.IsInfinity(a)) throw new ArgumentOutOfRangeException(nameof(a), a, "a must be positive and finite.");
        if (!(x >= 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be non-negative.");
    }

    // e^{-x} x^a / Γ(a), in logs so large a and x do not overflow.
    private static double Prefactor(double a, double x) => Math.Exp(-x + a * Math.Log(x) - LogGamma(a));

    private static double Series(double a, double x)
    {
        double term = 1 / a, sum = term;
        for (int n = 1; n < 100_000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon) break;
        }
        return Math.Min(1, sum * Prefactor(a, x));
    }

    private static double ContinuedFraction(double a, double x)
    {
        // Modified Lentz on Q = prefactor / (b0 - 1(1-a)/(b1 - 2(2-a)/(b2 - ...))), b_n = x + 2n + 1 - a.
        double b = x + 1 - a;
        double c = 1 / Tiny;
        double d = 1 / b;
        double h = d;
        for (int n = 1; n < 100_000; n++)
        {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return Math.Min(1, Prefactor(a, x) * h);
    }
}
