using Fleet.Events;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// The predictions collected to fit a reference, kept by column: per feature its numbers (8 bytes each) and its
/// categories as codes into that feature's distinct names (4 bytes each), plus the scores. Keeping the rows'
/// own feature dictionaries instead cost ~0.5 KB a row (2.5 MB per model until the reference was fitted).
/// </summary>
[GenerateSerializer, Alias("Fleet.Drift.ReferenceSample")]
public sealed class ReferenceSample
{
    /// <summary>Most distinct feature names collected; a reference keeps at most <see cref="DriftProfile.MaxFeatures"/> of them.</summary>
    public const int MaxFeatureNames = 2 * DriftProfile.MaxFeatures;

    [Id(0)] private readonly Dictionary<string, SampledFeature> _features = new(StringComparer.Ordinal);
    [Id(1)] private readonly List<double> _scores = [];
    [Id(2)] private long _scoreMissing;
    [Id(3)] private int _rows;

    public int Rows => _rows;

    internal IReadOnlyDictionary<string, SampledFeature> Features => _features;
    internal List<double> Scores => _scores;
    internal long ScoreMissing => _scoreMissing;

    public void Add(IReadOnlyDictionary<string, FeatureValue>? features, double? score)
    {
        _rows++;
        if (score is double s) _scores.Add(s);
        else _scoreMissing++;
        if (features is Dictionary<string, FeatureValue> dictionary)
        {
            foreach (var (name, value) in dictionary) AddFeature(name, value); // struct enumerator: no allocation
        }
        else if (features is not null)
        {
            foreach (var (name, value) in features) AddFeature(name, value);
        }
    }

    public long EstimatedBytes()
    {
        long bytes = 96 + _scores.Capacity * 8L;
        foreach (var feature in _features.Values) bytes += 64 + feature.EstimatedBytes();
        return bytes;
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
