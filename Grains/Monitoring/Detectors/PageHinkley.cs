namespace Fleet.Monitoring.Detectors;

/// <summary>Which changes of the mean a detector looks for.</summary>
public enum ChangeDirection
{
    /// <summary>Increases only (e.g. an error rate or a latency rising).</summary>
    Increase,
    /// <summary>Decreases only (e.g. accuracy falling).</summary>
    Decrease,
    /// <summary>Both.</summary>
    Both,
}

/// <summary>
/// The Page-Hinkley test: detects a change in the mean of a stream.
/// </summary>
/// <remarks>
/// <para>
/// Page, E. S. (1954). Continuous inspection schemes. <i>Biometrika</i> 41(1/2), 100–115. Defaults as River's
/// <c>drift.PageHinkley</c>: <c>delta = 0.005</c>, <c>lambda = 50</c>, <c>alpha = 1 − 0.0001</c>,
/// <c>min_instances = 30</c>, both directions.
/// </para>
/// <para>
/// With x̄_t the running mean since the last reset, two cumulative sums are kept:
/// <c>U_t = α·U_{t−1} + (x_t − x̄_t − δ)</c> for increases and <c>L_t = α·L_{t−1} + (x_t − x̄_t + δ)</c> for decreases.
/// An increase is detected when <c>U_t − min U &gt; λ</c>, a decrease when <c>max L − L_t &gt; λ</c>, once at least
/// <c>min_instances</c> values were seen. δ is the magnitude of change tolerated, λ the alarm threshold, α a
/// forgetting factor. The detector resets itself on the value after a detection (as River's does).
/// </para>
/// <para>
/// λ and δ are in the units of x, so feed a stream of roughly unit scale (e.g. standardised latency) or scale them.
/// Measured (<c>PageHinkleyTests</c>: 200 seeded unit-variance Gaussian streams, +1σ at t = 1000): with the defaults,
/// delay median 39 values, p90 58; but 28.5% of streams raise a false alarm in the 1000 values before the change
/// (λ = 50 is only ~1.6 sd of a 1000-step random walk), and a false alarm just before the change can hide it (1 of
/// 200). With λ = 100, increases only: delay median 87, p90 107, no false alarm in 200 streams. Asserted bounds are
/// in the tests.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var ph = new PageHinkley(direction: ChangeDirection.Increase);
/// foreach (double latencyZ in stream) if (ph.Update(latencyZ)) Console.WriteLine("latency rose");
/// </code>
/// </example>
[GenerateSerializer, Alias("Fleet.Detectors.PageHinkley")]
public sealed class PageHinkley : IChangeDetector
{
    public const double DefaultDelta = 0.005;
    public const double DefaultLambda = 50;
    public const double DefaultAlpha = 1 - 0.0001;
    public const int DefaultMinInstances = 30;

    [Id(0)] private double _delta;
    [Id(1)] private double _lambda;
    [Id(2)] private double _alpha;
    [Id(3)] private int _minInstances;
    [Id(4)] private ChangeDirection _direction;
    [Id(5)] private long _n;
    [Id(6)] private double _mean;
    [Id(7)] private double _sumIncrease;
    [Id(8)] private double _minIncrease;
    [Id(9)] private double _sumDecrease;
    [Id(10)] private double _maxDecrease;
    [Id(11)] private bool _drift;

    public PageHinkley(double delta = DefaultDelta, double lambda = DefaultLambda, double alpha = DefaultAlpha,
        int minInstances = DefaultMinInstances, ChangeDirection direction = ChangeDirection.Both)
    {
        if (!(delta >= 0) || double.IsInfinity(delta)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Must be finite and non-negative.");
        if (!(lambda > 0) || double.IsInfinity(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Must be finite and positive.");
        if (!(alpha > 0 && alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Must be in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(minInstances, 1);
        if (!Enum.IsDefined(direction)) throw new ArgumentOutOfRangeException(nameof(direction), direction, null);
        _delta = delta;
        _lambda = lambda;
        _alpha = alpha;
        _minInstances = minInstances;
        _direction = direction;
        Reset();
    }

    public double Delta => _delta;
    public double Lambda => _lambda;
    public double Alpha => _alpha;
    public int MinInstances => _minInstances;
    public ChangeDirection Direction => _direction;

    /// <summary>Values seen since the last reset.</summary>
    public long Count => _n;

    /// <summary>Running mean since the last reset.</summary>
    public double Mean => _n == 0 ? double.NaN : _mean;

    /// <summary>The increase statistic U_t − min U (compared with λ).</summary>
    public double IncreaseStatistic => _n == 0 ? 0 : _sumIncrease - _minIncrease;

    /// <summary>The decrease statistic max L − L_t (compared with λ).</summary>
    public double DecreaseStatistic => _n == 0 ? 0 : _maxDecrease - _sumDecrease;

    public bool DriftDetected => _drift;

    /// <summary>Always false: Page-Hinkley has no warning zone.</summary>
    public bool WarningDetected => false;

    public bool Update(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "Values must be finite.");
        if (_drift) Reset();

        _n++;
        _mean += (x - _mean) / _n;
        double deviation = x - _mean;
        _sumIncrease = _alpha * _sumIncrease + deviation - _delta;
        _sumDecrease = _alpha * _sumDecrease + deviation + _delta;
        _minIncrease = Math.Min(_minIncrease, _sumIncrease);
        _maxDecrease = Math.Max(_maxDecrease, _sumDecrease);

        if (_n >= _minInstances)
        {
            bool up = _direction != ChangeDirection.Decrease && _sumIncrease - _minIncrease > _lambda;
            bool down = _direction != ChangeDirection.Increase && _maxDecrease - _sumDecrease > _lambda;
            _drift = up || down;
        }
        return _drift;
    }

    public void Reset()
    {
        _n = 0;
        _mean = 0;
        _sumIncrease = _sumDecrease = 0;
        _minIncrease = double.PositiveInfinity;
        _maxDecrease = double.NegativeInfinity;
        _drift = false;
    }
}
