using Fleet.Events;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// A model's input and score drift, streaming and bounded. The reference is frozen from the first
/// <see cref="ReferenceRows"/> predictions a model version serves (Fleet sees no training set; the first
/// traffic after a (re)training is the closest thing to it), and refitted after every new version. Its bins are
/// placed on the first <see cref="ReferenceSample.EdgeRows"/> of them and the rest only counted (see <see cref="ReferenceSample"/>).
/// The current window is the last hour of event time, kept as six ten-minute slices counted over the reference's
/// bins (<see cref="DriftSlice"/>: one array each), so memory does not grow with traffic.
/// </summary>
[GenerateSerializer, Alias("Fleet.Drift.DriftTracker")]
public sealed class DriftTracker
{
    /// <summary>
    /// Rows frozen as the reference. Large enough that its own sampling noise stays well under the
    /// distance thresholds (a 1,000-row reference read as drift at random), and that the distances
    /// (Wasserstein, PSI) rather than the p-value tests decide, as for any large reference.
    /// </summary>
    public const int ReferenceRows = 5_000;
    private const int SliceCount = 6;
    private static readonly long SliceTicks = TimeSpan.FromMinutes(10).Ticks;

    [Id(5)] private ReferenceSample? _collecting = new();
    [Id(1)] private DriftProfile? _reference;
    [Id(2)] private readonly DriftSlice?[] _slices = new DriftSlice?[SliceCount];
    [Id(3)] private readonly long[] _sliceEpochs = new long[SliceCount];
    [Id(4)] private long _latestEpoch = long.MinValue;

    [NonSerialized] private DriftCalculator? _calculator;
    [NonSerialized] private (long Minute, long Slice, long Rows, ModelDriftReport? Report, Dictionary<string, double>? TopShares)? _cached;
    [NonSerialized] private long _rowsSinceReport;

    /// <summary>New rows, as a share of the hour's, that make a new report worth its cost (see <see cref="Window"/>).</summary>
    private const int RecomputeShareDenominator = 20;

    /// <summary>How many of the reference rows are collected (equals <see cref="ReferenceRows"/> once fitted).</summary>
    public int ReferenceProgress => _reference is null ? _collecting?.Rows ?? 0 : ReferenceRows;

    public void Record(PredictionEvent prediction)
    {
        if (_reference is null)
        {
            var sample = _collecting ??= new();
            sample.Add(prediction.Features, prediction.Score);
            if (sample.Rows >= ReferenceRows)
            {
                _reference = sample.ToReference();
                _collecting = null;
                _calculator = null;
            }
            return;
        }
        var epoch = prediction.Timestamp.UtcTicks / SliceTicks;
        if (_latestEpoch != long.MinValue && epoch <= _latestEpoch - SliceCount) return; // older than the hour the window covers
        _latestEpoch = Math.Max(_latestEpoch, epoch);
        var i = (int)(((epoch % SliceCount) + SliceCount) % SliceCount);
        if (_slices[i] is null || _sliceEpochs[i] != epoch)
        {
            // The slice an hour old is emptied and reused, not replaced: an emptied slice is exactly a new one, and a
            // replaced one lived an hour, long enough to reach the oldest generation of the heap before it was garbage.
            if (_slices[i] is { } expired) expired.Clear(_reference);
            else _slices[i] = new DriftSlice(_reference);
            _sliceEpochs[i] = epoch;
        }
        // The cached report is kept: see Window for when drift over the hour is recomputed.
        _slices[i]!.Add(_reference, prediction.Features, prediction.Score);
        _rowsSinceReport++;
    }

    /// <summary>A new model version: its inputs are judged against its own first traffic.</summary>
    public void Rebase()
    {
        _collecting = new();
        _reference = null;
        _calculator = null;
        _cached = null;
        Array.Clear(_slices);
        _latestEpoch = long.MinValue;
    }

    /// <summary>Drift over the last hour at event time <paramref name="nowTicks"/>; null until the reference is fitted.</summary>
    public ModelDriftReport? Report(long nowTicks) => Window(nowTicks).Report;

    /// <summary>Share of the most frequent category of a categorical feature over the last hour (diversity).</summary>
    public double? TopCategoryShare(string feature, long nowTicks) =>
        Window(nowTicks).TopShares is { } shares && shares.TryGetValue(feature, out var share) ? share : null;

    public long EstimatedBytes()
    {
        long slices = 0;
        foreach (var slice in _slices) slices += slice?.EstimatedBytes() ?? 0;
        return 256 + (_collecting?.EstimatedBytes() ?? 0) + (_reference?.EstimatedBytes() ?? 0) + (_reference?.SharedBytes() ?? 0) + slices;
    }

    /// <summary>
    /// The merged hour and its report. Recomputed at most once per minute of event time, and then only when the
    /// hour's slices changed (one entered or left it) or it gained at least 1/20 more rows since the last report:
    /// merging six slices and running every statistic on every feature for a few new rows out of an hour's worth
    /// gave the same numbers at the cost of most of a small batch's work.
    /// </summary>
    /// <remarks>
    /// The merged hour is garbage once its report and its categories' top shares are taken: kept, it cost every model
    /// another profile (~2.4 KB at 4 features, ~9 KB at 20) to save ~2 KB of garbage at most once a minute.
    /// </remarks>
    private (ModelDriftReport? Report, Dictionary<string, double>? TopShares) Window(long nowTicks)
    {
        if (_reference is null) return (null, null);
        var minute = nowTicks / TimeSpan.TicksPerMinute;
        var currentSlice = nowTicks / SliceTicks;
        if (_cached is { } cached && (cached.Minute == minute
            || (cached.Slice == currentSlice && _rowsSinceReport * RecomputeShareDenominator < cached.Rows)))
        {
            return (cached.Report, cached.TopShares);
        }
        var window = _reference.CreateEmptyLike();
        for (var i = 0; i < SliceCount; i++)
        {
            if (_slices[i] is { } slice && _sliceEpochs[i] > currentSlice - SliceCount && _sliceEpochs[i] <= currentSlice) window.Add(slice);
        }
        var report = (_calculator ??= new DriftCalculator(_reference)).Calculate(window);
        var topShares = TopShares(window);
        _cached = (minute, currentSlice, window.Rows, report, topShares);
        _rowsSinceReport = 0;
        return (report, topShares);
    }

    /// <summary>Each categorical feature's most frequent category as a share of its values; none for a feature without values.</summary>
    private static Dictionary<string, double>? TopShares(DriftProfile window)
    {
        Dictionary<string, double>? shares = null;
        foreach (var (feature, histogram) in window.Categorical)
        {
            if (histogram.Count == 0) continue;
            long top = 0;
            foreach (var count in histogram.Counts) top = Math.Max(top, count);
            (shares ??= new(StringComparer.Ordinal))[feature] = (double)top / histogram.Count;
        }
        return shares;
    }
}
