namespace Fleet.Monitoring.Detectors;

/// <summary>
/// Page-Hinkley on a model's latency, one value per event-time minute, to catch a latency creep before the
/// hard P95 limit breaks. Per-event latencies are skewed, heavy-tailed and many; a minute's mean of
/// ln(latency) over its successful requests is close to normal (hundreds of values), so the test's
/// assumption of a noisy mean with a stable spread holds far better there.
/// </summary>
/// <remarks>
/// <para>
/// Standardising: the first <see cref="ReferenceMinutes"/> minutes with at least <see cref="MinRequests"/> requests
/// are the reference. From them come the mean of the minute values, the spread of ln(latency) within a minute
/// (s²) and any extra spread between minutes (τ², what the within-minute noise does not explain: load, deploys).
/// Each later minute of n requests is fed as <c>z = (m − mean) / √(τ² + s²/n)</c>, so a quiet night and a busy
/// evening give z of the same scale. The scale never goes below <see cref="MinScale"/> (0.5 % of latency).
/// </para>
/// <para>
/// Page-Hinkley (<see cref="PageHinkley"/>), increases only, α = 1 − 0.0001 and 30 minimum instances as River and
/// MOA, but δ = 0.5 and λ = 15 in z units instead of River's δ = 0.005 and λ = 50. With δ ≈ 0 the statistic of a
/// stationary unit-scale stream is a random walk whose excursions grow with √t, so its false alarms never stop:
/// River's values alarmed within a steady day in 30 of 100 streams; δ = 0.5 (half of a one-sigma shift, Page's
/// reference value k) gives it a drift back to zero, and λ = 15 alarmed in none (λ = 10: 1 of 100, two false
/// warnings a day in a fleet of 200). Measured in <c>LatencyCreepDetectorTests</c> at night traffic (~70 requests
/// a minute): a +10 % step is seen after a median of 10 minutes (p90 14), +5 % after 33 (p90 56), and a +3 %-an-hour
/// creep after 88 minutes (p90 110), some 11 hours before its P95 would cross the limit.
/// </para>
/// </remarks>
[GenerateSerializer, Alias("Fleet.Detectors.LatencyCreepDetector")]
public sealed class LatencyCreepDetector
{
    /// <summary>Requests a minute needs to count: fewer make its mean too noisy.</summary>
    public const int MinRequests = 20;
    /// <summary>Judged minutes that form the reference; they are then Page-Hinkley's first (minimum) instances.</summary>
    public const int ReferenceMinutes = 30;
    /// <summary>The least scale of z, in ln units: shifts under ~0.5 % of latency are never worth an alert.</summary>
    public const double MinScale = 0.005;
    public const double Delta = 0.5;
    public const double Lambda = 15;

    [Id(0)] private long _minute = long.MinValue;
    [Id(1)] private int _n;
    [Id(2)] private double _sum;
    [Id(3)] private double _sumSquares;
    [Id(4)] private int _referenceMinutes;
    [Id(5)] private double _referenceMean;
    [Id(6)] private double _referenceSpread;     // Welford's M2 of the minute means
    [Id(7)] private double _withinVariance;      // running mean of s² (ln latency within a minute)
    [Id(8)] private double _noiseOfMeans;        // running mean of s²/n
    [Id(9)] private PageHinkley _test;
    [Id(10)] private long _judged;
    // The reference minutes, kept until the reference is complete, then fed to Page-Hinkley as its first instances
    // (its 30 minimum instances would otherwise make the detector blind for another half hour).
    [Id(11)] private double[] _referenceValues = new double[ReferenceMinutes];
    [Id(12)] private int[] _referenceCounts = new int[ReferenceMinutes];

    /// <param name="delta">Page-Hinkley's tolerated change, in z units (see the remarks; River's default is 0.005).</param>
    /// <param name="lambda">Page-Hinkley's alarm threshold, in z units (River's default is 50).</param>
    public LatencyCreepDetector(double delta = Delta, double lambda = Lambda) =>
        _test = new PageHinkley(delta: delta, lambda: lambda, direction: ChangeDirection.Increase);

    /// <summary>Minutes fed to Page-Hinkley so far (the reference minutes first).</summary>
    public long Judged => _judged;

    /// <summary>True once the reference is complete and minutes are judged.</summary>
    public bool Ready => _referenceMinutes >= ReferenceMinutes;

    /// <summary>
    /// One successful request's latency at an event time. True when this request closed a minute whose value
    /// made Page-Hinkley detect a rise. A request of an earlier minute than the current one is ignored.
    /// </summary>
    public bool Record(double latencyMs, long ticks)
    {
        if (!(latencyMs > 0) || !double.IsFinite(latencyMs)) return false;
        var minute = ticks / TimeSpan.TicksPerMinute;
        var detected = false;
        if (minute > _minute)
        {
            if (_minute != long.MinValue) detected = Close();
            _minute = minute;
            _n = 0;
            _sum = _sumSquares = 0;
        }
        else if (minute < _minute)
        {
            return false;
        }
        var x = Math.Log(latencyMs);
        _n++;
        _sum += x;
        _sumSquares += x * x;
        return detected;
    }

    /// <summary>Feeds one closed minute's value, already reduced (for the experiments): mean ln latency over n requests.</summary>
    public bool Feed(double meanLn, double varianceLn, int n)
    {
        if (n < MinRequests) return false;
        if (!Ready)
        {
            _referenceMinutes++;
            var d = meanLn - _referenceMean;
            _referenceMean += d / _referenceMinutes;
            _referenceSpread += d * (meanLn - _referenceMean);
            _withinVariance += (varianceLn - _withinVariance) / _referenceMinutes;
            _noiseOfMeans += (varianceLn / n - _noiseOfMeans) / _referenceMinutes;
            _referenceValues[_referenceMinutes - 1] = meanLn;
            _referenceCounts[_referenceMinutes - 1] = n;
            if (!Ready) return false;
            var drift = false;
            for (var i = 0; i < ReferenceMinutes; i++) drift |= Judge(_referenceValues[i], _referenceCounts[i]);
            _referenceValues = [];
            _referenceCounts = [];
            return drift;
        }
        return Judge(meanLn, n);
    }

    private bool Judge(double meanLn, int n)
    {
        var betweenMinutes = _referenceSpread / (_referenceMinutes - 1);
        var extra = Math.Max(0, betweenMinutes - _noiseOfMeans);
        var scale = Math.Max(MinScale, Math.Sqrt(extra + _withinVariance / n));
        _judged++;
        return _test.Update((meanLn - _referenceMean) / scale);
    }

    private bool Close()
    {
        if (_n < MinRequests) return false;
        var mean = _sum / _n;
        var variance = Math.Max(0, (_sumSquares - _n * mean * mean) / (_n - 1));
        return Feed(mean, variance, _n);
    }
}
