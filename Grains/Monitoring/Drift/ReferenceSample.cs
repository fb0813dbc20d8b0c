using Fleet.Events;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// The predictions collected to fit a reference, in two phases so a model never holds its reference rows:
/// the first <see cref="EdgeRows"/> are kept by column (per feature its numbers, 8 bytes each, and its categories
/// as codes into that feature's distinct names, 4 bytes each, plus the scores); then the bins, each feature's kind
/// and the tracked categories are fitted on them, and every later row is only counted into those histograms.
/// </summary>
/// <remarks>
/// Keeping all 5,000 rows cost ~130 KB for a model with two numeric and two categorical features (and ~0.8 MB with
/// twenty numeric ones) until the reference was fitted; counting costs the histograms' ~0.3 KB a feature. The counts
/// of every row stay exact; only the quantile edges and the tracked categories come from the first
/// <see cref="EdgeRows"/> rows, and a feature those rows never carried is left out of the reference (later windows
/// report it as new). A sample made with <c>keepAllRows</c> fits on every row (<see cref="DriftProfile.Fit(IEnumerable{ValueTuple{IReadOnlyDictionary{string, FeatureValue}, double?}}, int, int)"/>).
/// </remarks>
[GenerateSerializer, Alias("Fleet.Drift.ReferenceSample")]
public sealed class ReferenceSample
{
    /// <summary>Most distinct feature names collected; a reference keeps at most <see cref="DriftProfile.MaxFeatures"/> of them.</summary>
    public const int MaxFeatureNames = 2 * DriftProfile.MaxFeatures;

    /// <summary>
    /// Rows kept whole to place the bins: the deciles of 1,000 rows are within about a percentile of the true ones,
    /// which moves no statistic (any fixed bins are valid; quantile bins only spread the mass evenly).
    /// </summary>
    public const int EdgeRows = 1_000;

    [Id(0)] private readonly Dictionary<string, SampledFeature> _features = new(StringComparer.Ordinal);
    [Id(1)] private readonly List<double> _scores = [];
    [Id(2)] private long _scoreMissing;
    [Id(3)] private int _rows;
    // The histograms fitted on the first EdgeRows rows, counting every row since; null while rows are kept.
    [Id(4)] private DriftProfile? _counted;
    // Absent in checkpoints from before the two phases: they read as false and settle on their next row.
    [Id(5)] private readonly bool _keepAllRows;

    public ReferenceSample() : this(keepAllRows: false) { }

    /// <param name="keepAllRows">Fit on every row instead of placing the bins on the first <see cref="EdgeRows"/>.</param>
    public ReferenceSample(bool keepAllRows) => _keepAllRows = keepAllRows;

    public int Rows => _rows;

    internal IReadOnlyDictionary<string, SampledFeature> Features => _features;
    internal List<double> Scores => _scores;
    internal long ScoreMissing => _scoreMissing;

    public void Add(FeatureRow? features, double? score)
    {
        if (_counted is null && !_keepAllRows && _rows >= EdgeRows) Settle();
        _rows++;
        if (_counted is { } counted)
        {
            counted.Add(features, score);
            return;
        }
        if (score is double s) _scores.Add(s);
        else _scoreMissing++;
        if (features is null) return;
        var values = features.Values;
        for (var i = 0; i < values.Length; i++) AddFeature(features.Schema[i], values[i]); // by position: no enumerator to allocate
    }

    /// <summary>The reference these rows make.</summary>
    public DriftProfile ToReference() => _counted?.FreezeAsReference() ?? DriftProfile.Fit(this);

    public long EstimatedBytes()
    {
        if (_counted is { } counted) return 128 + counted.EstimatedBytes() + counted.SharedBytes();
        long bytes = 96 + _scores.Capacity * 8L;
        foreach (var feature in _features.Values) bytes += 64 + feature.EstimatedBytes();
        return bytes;
    }

    /// <summary>Fits the bins on the rows kept so far and lets them go: from now on rows are only counted.</summary>
    private void Settle()
    {
        _counted = DriftProfile.Fit(this);
        _features.Clear();
        _features.TrimExcess();
        _scores.Clear();
        _scores.TrimExcess();
    }

    private void AddFeature(string name, in FeatureValue value)
    {
        if (!_features.TryGetValue(name, out var feature))
        {
            if (_features.Count >= MaxFeatureNames) return; // beyond any reference's features: reported as new later
            _features[name] = feature = new SampledFeature();
        }
        feature.Add(value);
    }
}

/// <summary>One feature's column of a <see cref="ReferenceSample"/>.</summary>
[GenerateSerializer, Alias("Fleet.Drift.SampledFeature")]
public sealed class SampledFeature
{
    [Id(0)] public List<double> Numbers { get; private set; } = [];
    [Id(1)] private readonly List<int> _categoryCodes = [];
    [Id(2)] private readonly List<string> _categoryNames = [];
    [Id(3)] public long Missing { get; private set; }

    [NonSerialized] private Dictionary<string, int>? _codes;

    public int CategoryCount => _categoryCodes.Count;

    public long Present => Numbers.Count + _categoryCodes.Count + Missing;

    /// <summary>The categories in the order they came, each name one shared instance.</summary>
    public IEnumerable<string> Categories => _categoryCodes.Select(code => _categoryNames[code]);

    public void Add(in FeatureValue value)
    {
        if (value.Number is double x) Numbers.Add(x);
        else if (value.Category is { } category) _categoryCodes.Add(CodeOf(category));
        else Missing++;
    }

    public long EstimatedBytes() => Numbers.Capacity * 8L + _categoryCodes.Capacity * 4L + _categoryNames.Count * 40L;

    private int CodeOf(string category)
    {
        if (_codes is null)
        {
            _codes = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _categoryNames.Count; i++) _codes[_categoryNames[i]] = i;
        }
        if (!_codes.TryGetValue(category, out var code))
        {
            code = _categoryNames.Count;
            _categoryNames.Add(category);
            _codes[category] = code;
        }
        return code;
    }
}
