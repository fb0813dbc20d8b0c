using Fleet.Monitoring.Drift;

namespace Fleet.Monitoring.Owner;

// Implemented beside IncompleteGamma for the same reason: one p-value (Student's t) does not justify a numerics package.
/// <summary>The regularized incomplete beta function I_x(a, b).</summary>
/// <remarks>
/// I_x(a, b) = x^a (1-x)^b / (a B(a, b)) · 1/(1+ d1/(1+ d2/(1+ …))) with d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
/// d_{2m} = m(b-m)x / ((a+2m-1)(a+2m)), evaluated by the modified Lentz method where it converges fast
/// (x &lt; (a+1)/(a+b+2)), else through I_x(a, b) = 1 - I_{1-x}(b, a). Stops at a relative change of 1e-15.
/// </remarks>
public static class IncompleteBeta
{
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    public static double Regularized(double a, double b, double x)
    {
        if (a <= 0 || b <= 0) throw new ArgumentOutOfRangeException(nameof(a), "a and b must be positive");
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var logFront = IncompleteGamma.LogGamma(a + b) - IncompleteGamma.LogGamma(a) - IncompleteGamma.LogGamma(b)
            + a * Math.Log(x) + b * Math.Log(1 - x);
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * ContinuedFraction(a, b, x) / a
            : 1 - Math.Exp(logFront) * ContinuedFraction(b, a, 1 - x) / b;
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / Guard(d);
        var f = d;
        for (var m = 1; m <= 10_000; m++)
        {
            var even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 / Guard(1 + even * d);
            c = Guard(1 + even / c);
            f *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 / Guard(1 + odd * d);
            c = Guard(1 + odd / c);
            var step = d * c;
            f *= step;
            if (Math.Abs(step - 1) < Epsilon) return f;
        }
        return f;
    }

    private static double Guard(double v) => Math.Abs(v) < Tiny ? Tiny : v;
}
