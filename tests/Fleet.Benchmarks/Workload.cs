using System.Globalization;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Windows;

namespace Fleet.Benchmarks;

/// <summary>The model every benchmark registers: a credit model on the domain's default thresholds.</summary>
internal static class Models
{
    public static ModelDefinition Definition(string id) => new(
        id, id, "credit", "bench@example.com", "bench", "1.0.0", QualityMetricKind.Accuracy,
        DomainDefaults.BaselineFor("credit", QualityMetricKind.Accuracy), DecisionThreshold: 0.5,
        DataSources: ["bench"], SensitiveData: [],
        Retraining: new RetrainingSchedule(TimeSpan.FromDays(7), Workload.Now.AddDays(-2)),
        RolloutStage.Full, RolloutSegment: null, DomainDefaults.ThresholdsFor("credit"), ThresholdsSetByOwner: true);
}

/// <summary>Shape of the synthetic traffic (what a healthy production model sends).</summary>
internal static class Workload
{
    /// <summary>Event-time "now" of the memory fill; the throughput streams start a day before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 30, 0, TimeSpan.Zero);

    public const double LatencyMedianMs = 40;
    public const double LatencySigma = 0.5;      // lognormal: p95 ≈ 91 ms, p99 ≈ 128 ms
    public const double TimeoutLatencyMs = 1000; // a timed-out call is recorded at the client's limit
    public const double NoScoreRate = 0.01;      // → coverage 99 %
    public const double FallbackRate = 0.01;
    public const double ErrorRate = 0.002;
    public const double TimeoutRate = 0.001;
    public const double LabelAgreement = 0.85;   // accuracy ≈ 85 % (credit launch 75 %, target 80 %)

    private static readonly string[] Regions = ["EU", "NA", "APAC", "LATAM"];
    private static readonly string[] Devices = ["web", "ios", "android"];

    private static readonly FeatureSchema Schema = new(["age", "region", "device", "amount"]);

    /// <summary>A few features, as a mapped request carries them: one schema shared by every row.</summary>
    public static FeatureRow NewFeatures(Random rng) => new(Schema,
    [
        new FeatureValue(rng.Next(18, 80), null),
        new FeatureValue(null, Regions[rng.Next(Regions.Length)]),
        new FeatureValue(null, Devices[rng.Next(Devices.Length)]),
        new FeatureValue(Math.Round(rng.NextDouble() * 500, 2), null),
    ]);

    /// <summary>
    /// 4,096 feature sets built once and shared by the generated predictions. The monitor only reads them
    /// (validation walks every one); sharing keeps the driver's own allocation, which competes for the same two
    /// cores as the silo, out of the figures. A caller in another process would have the silo deserialise a
    /// fresh set per prediction: that cost is reported separately (serializer).
    /// </summary>
    private static readonly FeatureRow[] FeaturePool = BuildPool();

    public static FeatureRow Features(Random rng) => FeaturePool[rng.Next(FeaturePool.Length)];

    /// <summary>Features of the default workload (<see cref="NewFeatures"/>).</summary>
    public const int DefaultFeatures = 4;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, FeatureRow[]> WiderPools = new();

    /// <summary>
    /// A row of <paramref name="features"/> features from a shared pool: the default four, then as many more, three
    /// numeric to one categorical with 8 categories (as the drift part's), for the memory figure at more features.
    /// </summary>
    public static FeatureRow Features(Random rng, int features)
    {
        if (features == DefaultFeatures) return Features(rng);
        var pool = WiderPools.GetOrAdd(features, static n => BuildWiderPool(n));
        return pool[rng.Next(pool.Length)];
    }

    private static FeatureRow[] BuildWiderPool(int features)
    {
        if (features < DefaultFeatures) throw new ArgumentOutOfRangeException(nameof(features), features, $"at least {DefaultFeatures}");
        var names = new[] { "age", "region", "device", "amount" }.Concat(Enumerable.Range(DefaultFeatures + 1, features - DefaultFeatures).Select(i => $"f{i:D2}")).ToArray();
        var schema = new FeatureSchema(names);
        var rng = new Random(43);
        return Enumerable.Range(0, 4096).Select(_ =>
        {
            var values = new FeatureValue[features];
            var head = NewFeatures(rng);
            for (var i = 0; i < DefaultFeatures; i++) values[i] = head.Values[i];
            for (var i = DefaultFeatures; i < features; i++)
                values[i] = i % 4 == 3 ? new FeatureValue(null, $"c{rng.Next(8)}") : new FeatureValue(Math.Round(rng.NextDouble() * 100, 3), null);
            return new FeatureRow(schema, values);
        }).ToArray();
    }

    private static FeatureRow[] BuildPool()
    {
        var rng = new Random(42);
        return Enumerable.Range(0, 4096).Select(_ => NewFeatures(rng)).ToArray();
    }
}

/// <summary>
/// One model's event stream in event time: predictions spread over each batch's span and, after the
/// label delay, the outcome of every prediction (sent in the first batch whose end has reached it).
/// Deterministic per seed. Not thread-safe.
/// </summary>
internal sealed class EventStream
{
    private readonly string _prefix;
    private readonly Random _rng;
    private readonly Queue<(string PredictionId, DateTimeOffset Timestamp, double Label)> _awaiting = new();
    private readonly TimeSpan _labelDelay;
    private double? _spareNormal;
    private long _sequence;
    private long _batches;

    private readonly int _features;

    public EventStream(string modelId, int seed, DateTimeOffset start, TimeSpan labelDelay, int features = Workload.DefaultFeatures)
    {
        _features = features;
        ModelId = modelId;
        _prefix = modelId + ":";
        _rng = new Random(seed);
        Clock = start;
        _labelDelay = labelDelay;
    }

    public string ModelId { get; }

    /// <summary>End of the last batch's span (event time); also the batch's sentAt.</summary>
    public DateTimeOffset Clock { get; private set; }

    public int Awaiting => _awaiting.Count;

    /// <summary>The next batch: <paramref name="predictions"/> predictions spread over <paramref name="span"/>, plus the outcomes that have come due.</summary>
    public EventBatch Next(int predictions, TimeSpan span) => Next([new FillSchedule.Segment(predictions, span, 0, 0)]);

    /// <summary>
    /// The next batch, made of consecutive segments of event time: each segment's predictions are spread over its
    /// span, and the batch carries the outcomes that have come due by its end. When a segment stands for more
    /// traffic than it carries (<see cref="FillSchedule.Segment.Represents"/> &gt; predictions), its latency minimum and maximum
    /// are drawn as the extremes of that many samples and it holds a timeout with the probability that many calls
    /// would, so its latency sketch spans the range a real bucket's does; its <see cref="FillSchedule.Segment.ModeCalls"/>
    /// calls at the median latency make one bin as busy as the real traffic's busiest needs to be for the sketch's
    /// counts to take their real width. A sketch's size is its range times its count width, so a bucket filled this
    /// way has the size of a real one.
    /// </summary>
    public EventBatch Next(IReadOnlyList<FillSchedule.Segment> segments)
    {
        var list = new List<PredictionEvent>(segments.Sum(s => s.Predictions));
        foreach (var segment in segments) AddSegment(list, segment);
        var end = Clock;
        var outcomes = new List<OutcomeEvent>(_awaiting.Count);
        while (_awaiting.TryPeek(out var next) && next.Timestamp + _labelDelay <= end)
        {
            _awaiting.Dequeue();
            outcomes.Add(new OutcomeEvent(next.Timestamp + _labelDelay, next.PredictionId, next.Label));
        }
        return new EventBatch(_prefix + "b" + (++_batches).ToString(CultureInfo.InvariantCulture), end, list, outcomes);
    }

    private void AddSegment(List<PredictionEvent> list, FillSchedule.Segment segment)
    {
        var (predictions, span, represents, modeCalls) = segment;
        var start = Clock;
        var step = span.Ticks / Math.Max(1, predictions);
        AddModeCalls(list, start, span, modeCalls);
        var sampled = represents > predictions;
        var forceTimeout = sampled && _rng.NextDouble() < 1 - Math.Pow(1 - Workload.TimeoutRate, represents);
        for (var i = 0; i < predictions; i++)
        {
            var timestamp = start.AddTicks(step * (i + 1));
            var latency = Latency();
            var timeout = sampled ? forceTimeout && i == predictions / 2 : _rng.NextDouble() < Workload.TimeoutRate;
            if (sampled && i == predictions / 3) latency = Extreme(represents, upper: true);
            if (sampled && i == (2 * predictions) / 3) latency = Extreme(represents, upper: false);
            if (timeout) latency = Workload.TimeoutLatencyMs;
            var fallback = _rng.NextDouble() < Workload.FallbackRate;
            double? score = _rng.NextDouble() < Workload.NoScoreRate ? null : _rng.NextDouble();
            var p = new PredictionEvent(
                timestamp,
                _prefix + (++_sequence).ToString(CultureInfo.InvariantCulture),
                Segment: null,
                score,
                latency,
                ServedLevel: fallback ? 3 : 1,
                Fallback: fallback,
                Error: _rng.NextDouble() < Workload.ErrorRate,
                Timeout: timeout,
                Workload.Features(_rng, _features));
            list.Add(p);
            // Every call is labelled after the delay, scored or not: an unscored prediction waits for its outcome too.
            var predicted = (score ?? _rng.NextDouble()) >= 0.5 ? 1.0 : 0.0;
            _awaiting.Enqueue((p.PredictionId, timestamp, _rng.NextDouble() < Workload.LabelAgreement ? predicted : 1 - predicted));
        }
        Clock = start + span;
    }

    /// <summary>
    /// Calls all answered at the median latency, spread over the segment, with the usual features but unscored. Each is
    /// labelled after the delay like the real calls it stands for: the pending ring holds what real traffic's label delay
    /// leaves waiting, no more.
    /// </summary>
    private void AddModeCalls(List<PredictionEvent> list, DateTimeOffset start, TimeSpan span, int calls)
    {
        var step = span.Ticks / Math.Max(1, calls + 1);
        for (var i = 0; i < calls; i++)
        {
            var p = new PredictionEvent(
                start.AddTicks(step * (i + 1)),
                _prefix + "m" + (++_sequence).ToString(CultureInfo.InvariantCulture),
                Segment: null, Score: null, Workload.LatencyMedianMs, ServedLevel: 1,
                Fallback: false, Error: false, Timeout: false, Workload.Features(_rng, _features));
            list.Add(p);
            _awaiting.Enqueue((p.PredictionId, p.Timestamp, _rng.NextDouble() < 0.5 ? 1.0 : 0.0));
        }
    }

    private double Latency() => Math.Exp(Math.Log(Workload.LatencyMedianMs) + Workload.LatencySigma * Normal());

    /// <summary>The maximum (or minimum) of n lognormal samples, drawn exactly: F⁻¹(U^(1/n)).</summary>
    private double Extreme(long n, bool upper)
    {
        var tail = -double.ExpM1(Math.Log(1 - _rng.NextDouble()) / n); // 1 - U^(1/n), without cancellation
        var z = -Statistics.InverseNormal(tail);                          // upper tail quantile
        return Math.Exp(Math.Log(Workload.LatencyMedianMs) + Workload.LatencySigma * (upper ? z : -z));
    }

    private double Normal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u, v, s;
        do
        {
            u = 2 * _rng.NextDouble() - 1;
            v = 2 * _rng.NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        return u * factor;
    }
}

/// <summary>
/// The memory fill: event time walks from the oldest day the 30-day tier reaches to <see cref="Workload.Now"/>.
/// Days older than the hour tier's reach, hours older than the minute tier's reach and minutes older than the
/// full-rate tail are each one sampled batch standing for their real traffic; the tail is sent at the real rate.
/// </summary>
internal static class FillSchedule
{
    /// <param name="Predictions">predictions the segment carries</param>
    /// <param name="Span">event time it covers</param>
    /// <param name="Represents">predictions it stands for (0: exactly what it carries)</param>
    /// <param name="ModeCalls">extra calls at the median latency, so the sketch's busiest bin needs the width its real traffic's would</param>
    public readonly record struct Segment(int Predictions, TimeSpan Span, long Represents, int ModeCalls);

    /// <summary>
    /// Share of lognormal traffic in the sketch's busiest bin: a bin spans ln γ in log-latency, and log-latency is
    /// normal with density 1/(σ√(2π)) at its peak (≈ 1.6 % at 1 % accuracy and σ 0.5, 3.2 % at the hour tier's 2 %,
    /// 6.4 % at the day tier's 4 %: an hour at 10 ev/s puts ~1,150 calls in it, a day ~55,000).
    /// </summary>
    private static double BusiestBinShare(double accuracy) =>
        Math.Log((1 + accuracy) / (1 - accuracy)) / (Workload.LatencySigma * Math.Sqrt(2 * Math.PI));

    /// <summary>Carried predictions a sampled slice may need, so a batch with its mode calls and outcomes stays within the ingestion limit.</summary>
    private const int MaxCarriedPerBatch = 4_500;

    /// <summary>
    /// Calls that make one bin count past the widths real traffic's busiest bin passes (a sketch widens its counts
    /// from 1 to 2 bytes past 255, to 4 past 65,535): a sampled bucket would otherwise keep 1-byte counts where a
    /// real hour or day needs 2, and understate its size.
    /// </summary>
    public static int ModeCallsFor(long represents, double accuracy)
    {
        var busiest = represents * BusiestBinShare(accuracy);
        return busiest > ushort.MaxValue ? ushort.MaxValue + 1 : busiest > byte.MaxValue ? byte.MaxValue + 1 : 0;
    }

    /// <summary>
    /// Batches of segments. The sampled days, hours and minutes each go in as few batches as carry at most the
    /// predictions the real traffic leaves waiting for a label (events/s × label delay; a slice that needs more goes
    /// alone), so the pending ring is never stretched past what the real traffic would stretch it to, however much
    /// event time a batch spans; the full-rate tail goes in batches of <paramref name="batchSpan"/>.
    /// </summary>
    public static IEnumerable<IReadOnlyList<Segment>> For(double eventsPerSecond, int sampledPerStep, TimeSpan fullRateTail, TimeSpan batchSpan, TimeSpan labelDelay)
    {
        var carried = Math.Max(1, (int)(eventsPerSecond * labelDelay.TotalSeconds));
        var now = Workload.Now;
        var day = TimeSpan.FromDays(1).Ticks;
        var hour = TimeSpan.FromHours(1).Ticks;
        var minute = TimeSpan.FromMinutes(1).Ticks;
        var nowTicks = now.UtcTicks;
        var dayTierStart = (nowTicks / day - 29) * day;
        var hourTierStart = (nowTicks / hour - 23) * hour;
        var minuteTierStart = (nowTicks / minute - 59) * minute;
        var tailStart = nowTicks - fullRateTail.Ticks;

        var group = new List<Segment>();
        var groupKind = -1;
        var t = dayTierStart;
        while (t < nowTicks)
        {
            long end;
            int kind;
            if (t >= tailStart) (end, kind) = (Math.Min(t + batchSpan.Ticks, nowTicks), 3);
            else if (t < hourTierStart) (end, kind) = (Math.Min(Math.Min((t / day + 1) * day, hourTierStart), tailStart), 0);
            else if (t < minuteTierStart) (end, kind) = (Math.Min(Math.Min((t / hour + 1) * hour, minuteTierStart), tailStart), 1);
            else (end, kind) = (Math.Min((t / minute + 1) * minute, tailStart), 2);
            var span = TimeSpan.FromTicks(end - t);
            var real = (long)Math.Round(span.TotalSeconds * eventsPerSecond);
            if (kind != groupKind && group.Count > 0)
            {
                yield return group;
                group = [];
            }
            groupKind = kind;
            if (kind == 3)
            {
                yield return [new Segment((int)real, span, 0, 0)];
            }
            else
            {
                var accuracy = kind switch { 0 => RollingWindows.DayAccuracy, 1 => RollingWindows.HourAccuracy, _ => RollingWindows.MinuteAccuracy };
                var sampled = new Segment((int)Math.Min(real, sampledPerStep), span, real, ModeCallsFor(real, accuracy));
                if (sampled.Predictions + sampled.ModeCalls > MaxCarriedPerBatch)
                {
                    throw new NotSupportedException(
                        $"A sampled slice of {real:N0} calls needs {sampled.ModeCalls:N0} calls at the median to give its sketch the counts' real width; one batch carries at most {MaxCarriedPerBatch:N0}.");
                }
                if (group.Count > 0 && group.Sum(s => s.Predictions + s.ModeCalls) + sampled.Predictions + sampled.ModeCalls > carried)
                {
                    yield return group;
                    group = [];
                }
                group.Add(sampled);
            }
            t = end;
        }
        if (group.Count > 0) yield return group;
    }

    public static DateTimeOffset Start => new(((Workload.Now.UtcTicks / TimeSpan.TicksPerDay) - 29) * TimeSpan.TicksPerDay, TimeSpan.Zero);
}

internal static class Statistics
{
    /// <summary>Φ⁻¹(p) by Acklam's rational approximation (relative error &lt; 1.2e-9), accurate in the far tails.</summary>
    public static double InverseNormal(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
