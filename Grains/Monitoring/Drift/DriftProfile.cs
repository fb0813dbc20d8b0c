using Fleet.Events;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// The histograms of all of a model's features and of its score: fitted once as the reference (at training or
/// retraining), then, made empty with <see cref="CreateEmptyLike"/>, filled by a current window's predictions.
/// </summary>
/// <remarks>
/// <para>
/// A feature's kind is fixed by the reference: numeric if most of its present reference values were numbers,
/// categorical otherwise. A value of the other kind later counts as a wrong type, not as a new histogram, so a
/// pipeline that starts sending "3.14" as a string shows up as a type change. Features the reference never saw
/// are counted by name (up to <see cref="MaxNewFeatures"/> names) so their appearance can be reported; a
/// reference feature that no row carries any more has disappeared.
/// </para>
/// <para>
/// Memory: about 0.3 KB per numeric feature at 10 bins, 16 bytes per tracked category; a window shares its
/// reference's feature names (sorted, with its histograms in arrays of the same order), edges, category names and remembered rare categories (8 bytes each, at most 2 KB a feature). At most <see cref="MaxFeatures"/> features are fitted (the most
/// often present). Windows merge with <see cref="Add(DriftProfile)"/>. Not thread-safe.
/// </para>
/// </remarks>
[GenerateSerializer, Alias("Fleet.Drift.DriftProfile")]
public sealed class DriftProfile
{
    /// <summary>Most features a reference keeps; matches the ingestion limit per prediction.</summary>
    public const int MaxFeatures = IngestionLimits.MaxFeatures;

    /// <summary>Most new (unreferenced) feature names a window remembers.</summary>
    public const int MaxNewFeatures = 32;

    // Each kind's features as arrays aligned with the reference: names sorted ordinally (one array, shared by the
    // reference and every window made from it, also in a checkpoint, which keeps shared references) and histograms in
    // the same order.
    [Id(5)] private string[] _numericNames;
    [Id(6)] private BinnedHistogram[] _numeric;
    [Id(7)] private string[] _categoricalNames;
    [Id(8)] private CategoricalHistogram[] _categorical;
    [Id(2)] private BinnedHistogram? _score;
    // Null until a feature the reference does not have arrives (most windows never see one).
    [Id(3)] private Dictionary<string, long>? _newFeatures;
    [Id(4)] private long _rows;

    private DriftProfile(string[] numericNames, BinnedHistogram[] numeric, string[] categoricalNames, CategoricalHistogram[] categorical, BinnedHistogram? score)
    {
        _numericNames = numericNames;
        _numeric = numeric;
        _categoricalNames = categoricalNames;
        _categorical = categorical;
        _score = score;
    }

    private static DriftProfile Of(IReadOnlyDictionary<string, BinnedHistogram> numeric, IReadOnlyDictionary<string, CategoricalHistogram> categorical, BinnedHistogram? score)
    {
        var numericNames = numeric.Keys.Order(StringComparer.Ordinal).ToArray();
        var categoricalNames = categorical.Keys.Order(StringComparer.Ordinal).ToArray();
        return new DriftProfile(numericNames, [.. numericNames.Select(n => numeric[n])], categoricalNames, [.. categoricalNames.Select(n => categorical[n])], score);
    }

    /// <summary>
    /// Fits a reference profile on a sample of predictions: the features each carried and the score (null when
    /// there was none). The score histogram exists when at least one row had a score.
    /// </summary>
    public static DriftProfile Fit(
        IEnumerable<(FeatureRow? Features, double? Score)> rows,
        int bins = BinnedHistogram.DefaultBins,
        int maxCategories = CategoricalHistogram.DefaultMaxCategories)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sample = new ReferenceSample(keepAllRows: true);
        foreach (var (features, score) in rows) sample.Add(features, score);
        return Fit(sample, bins, maxCategories);
    }

    /// <summary>Fits a reference profile on predictions collected by column.</summary>
    public static DriftProfile Fit(
        ReferenceSample sample,
        int bins = BinnedHistogram.DefaultBins,
        int maxCategories = CategoricalHistogram.DefaultMaxCategories)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var numeric = new Dictionary<string, BinnedHistogram>();
        var categorical = new Dictionary<string, CategoricalHistogram>();
        foreach (var (name, feature) in sample.Features.OrderByDescending(kv => kv.Value.Present).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxFeatures))
        {
            if (feature.Numbers.Count >= feature.CategoryCount)
            {
                var histogram = BinnedHistogram.Fit(feature.Numbers.ToArray(), bins);
                for (long i = 0; i < feature.Missing; i++) histogram.AddMissing();
                for (int i = 0; i < feature.CategoryCount; i++) histogram.AddWrongType();
                numeric[name] = histogram;
            }
            else
            {
                var histogram = CategoricalHistogram.Fit(feature.Categories, maxCategories);
                for (long i = 0; i < feature.Missing; i++) histogram.AddMissing();
                for (int i = 0; i < feature.Numbers.Count; i++) histogram.AddWrongType();
                categorical[name] = histogram;
            }
        }

        BinnedHistogram? scoreHistogram = null;
        if (sample.Scores.Count > 0)
        {
            scoreHistogram = BinnedHistogram.Fit(sample.Scores.ToArray(), bins);
            for (long i = 0; i < sample.ScoreMissing; i++) scoreHistogram.AddMissing();
        }
        var profile = Of(numeric, categorical, scoreHistogram);
        profile._rows = sample.Rows;
        return profile;
    }

    /// <summary>
    /// Makes this profile, fitted on a reference's first rows and counting the rest since, the reference itself: its
    /// ranges become the values it saw, so none of its own values is out of range, and it has no new features. (Its
    /// categorical histograms remembered the categories they met while counting, up to their cap.)
    /// </summary>
    internal DriftProfile FreezeAsReference()
    {
        foreach (var histogram in _numeric) histogram.WidenRangeToValues();
        _score?.WidenRangeToValues();
        _newFeatures = null;
        return this;
    }

    /// <summary>
    /// Approximate heap bytes of one copy: the histograms' arrays and the category names' slots (names are shared;
    /// see <see cref="SharedBytes"/>).
    /// </summary>
    public long EstimatedBytes()
    {
        long bytes = 112 + 8L * (_numeric.Length + _categorical.Length);
        foreach (var histogram in _numeric) bytes += 136 + histogram.BinCount * 16L;
        foreach (var histogram in _categorical) bytes += 96 + histogram.BinCount * 16L;
        if (_score is not null) bytes += 136 + _score.BinCount * 16L;
        return bytes;
    }

    /// <summary>Heap bytes a reference shares with all its windows: the bins' edges and the remembered rare categories' hashes.</summary>
    public long SharedBytes()
    {
        long bytes = 0;
        foreach (var histogram in _numeric) bytes += 32 + histogram.BinCount * 8L;
        if (_score is not null) bytes += 32 + _score.BinCount * 8L;
        foreach (var histogram in _categorical) bytes += histogram.RareCategoryCount * 8L;
        return bytes;
    }

    /// <summary>A profile from histograms fitted elsewhere; <paramref name="rows"/> is how many rows they saw.</summary>
    public static DriftProfile FromHistograms(
        IReadOnlyDictionary<string, BinnedHistogram>? numeric,
        IReadOnlyDictionary<string, CategoricalHistogram>? categorical,
        BinnedHistogram? score,
        long rows)
    {
        var n = numeric is null ? new Dictionary<string, BinnedHistogram>() : new Dictionary<string, BinnedHistogram>(numeric);
        var c = categorical is null ? new Dictionary<string, CategoricalHistogram>() : new Dictionary<string, CategoricalHistogram>(categorical);
        if (n.Keys.Intersect(c.Keys).FirstOrDefault() is { } both)
        {
            throw new ArgumentException($"Feature '{both}' is both numeric and categorical.", nameof(categorical));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var profile = Of(n, c, score);
        profile._rows = rows;
        return profile;
    }

    /// <summary>An empty profile over the same features, bins and categories: a current window.</summary>
    public DriftProfile CreateEmptyLike() => new(
        _numericNames, Array.ConvertAll(_numeric, h => h.CreateEmptyLike()),
        _categoricalNames, Array.ConvertAll(_categorical, h => h.CreateEmptyLike()),
        _score?.CreateEmptyLike()) { _shapeOf = _shapeOf ?? this };

    // The profile this one's shape was copied from (in memory only): profiles copied from the same one need no
    // feature-by-feature comparison when merged, which every drift report does six times.
    [NonSerialized] private DriftProfile? _shapeOf;

    /// <summary>Rows (predictions) recorded.</summary>
    public long Rows => _rows;

    public IReadOnlyDictionary<string, BinnedHistogram> Numeric => new AlignedFeatures<BinnedHistogram>(_numericNames, _numeric);

    public IReadOnlyDictionary<string, CategoricalHistogram> Categorical => new AlignedFeatures<CategoricalHistogram>(_categoricalNames, _categorical);

    /// <summary>The score histogram; null when the reference had no score.</summary>
    public BinnedHistogram? Score => _score;

    /// <summary>Features seen in this window but not in the reference, with the rows that carried them.</summary>
    public IReadOnlyDictionary<string, long> NewFeatures => _newFeatures ?? NoNewFeatures;

    private static readonly IReadOnlyDictionary<string, long> NoNewFeatures = new Dictionary<string, long>();

    /// <summary>Records one prediction: its features (null for none) and its score (null when there was none).</summary>
    public void Add(FeatureRow? features, double? score)
    {
        _rows++;
        if (_score is not null)
        {
            if (score is double s) _score.Add(s);
            else _score.AddMissing();
        }
        if (features is not null) AddRow(features);
    }

    // The histogram of each position of the last schema seen (null: a feature the reference does not have). A model's
    // rows share one schema, so a window looks its features up once, not once per row. In memory only; the
    // histograms are never replaced, only counted into and cleared, so an entry stays valid for the profile's life.
    [NonSerialized] private FeatureSchema? _plannedSchema;
    [NonSerialized] private object?[]? _plan;

    /// <summary>The same counts as adding the row's features one by one by name, in the schema's order.</summary>
    private void AddRow(FeatureRow row)
    {
        var schema = row.Schema;
        var plan = ReferenceEquals(schema, _plannedSchema) ? _plan! : Plan(schema);
        var values = row.Values;
        for (var i = 0; i < values.Length; i++)
        {
            switch (plan[i])
            {
                case BinnedHistogram numeric:
                    AddNumeric(numeric, values[i]);
                    break;
                case CategoricalHistogram categorical:
                    AddCategorical(categorical, values[i]);
                    break;
                default:
                    NoteNewFeature(schema[i], 1);
                    break;
            }
        }
    }

    private object?[] Plan(FeatureSchema schema)
    {
        var plan = new object?[schema.Count];
        for (var i = 0; i < plan.Length; i++)
        {
            plan[i] = AlignedFeatures<BinnedHistogram>.IndexOf(_numericNames, schema[i]) is var n and >= 0 ? _numeric[n]
                : AlignedFeatures<CategoricalHistogram>.IndexOf(_categoricalNames, schema[i]) is var c and >= 0 ? _categorical[c] : null;
        }
        _plannedSchema = schema;
        return _plan = plan;
    }

    /// <summary>Adds another window of the same reference (bucket merge).</summary>
    public void Add(DriftProfile other)
    {
        RequireSameShape(other);
        // The same shape: the same names in the same order.
        for (var i = 0; i < _numeric.Length; i++) _numeric[i].Add(other._numeric[i]);
        for (var i = 0; i < _categorical.Length; i++) _categorical[i].Add(other._categorical[i]);
        if (_score is not null) _score.Add(other._score!);
        if (other._newFeatures is { } added) foreach (var (name, count) in added) NoteNewFeature(name, count);
        _rows += other._rows;
    }

    /// <summary>Empties every histogram, keeping the shape.</summary>
    public void Clear()
    {
        foreach (var histogram in _numeric) histogram.Clear();
        foreach (var histogram in _categorical) histogram.Clear();
        _score?.Clear();
        _newFeatures = null;
        _rows = 0;
    }

    internal void RequireSameShape(DriftProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var origin = _shapeOf ?? this;
        if (origin == (other._shapeOf ?? other)) return;
        bool same = other._numericNames.SequenceEqual(_numericNames) && other._categoricalNames.SequenceEqual(_categoricalNames)
            && (other._score is null) == (_score is null)
            && _numeric.Select((h, i) => other._numeric[i].HasSameBins(h)).All(x => x)
            && _categorical.Select((h, i) => other._categorical[i].HasSameCategories(h)).All(x => x)
            && (_score is null || _score.HasSameBins(other._score!));
        if (!same)
        {
            throw new ArgumentException("Profiles have different features or bins; build windows with CreateEmptyLike.", nameof(other));
        }
    }

    private static void AddNumeric(BinnedHistogram histogram, in FeatureValue value)
    {
        if (value.Number is double x) histogram.Add(x);
        else if (value.Category is not null) histogram.AddWrongType();
        else histogram.AddMissing();
    }

    private static void AddCategorical(CategoricalHistogram histogram, in FeatureValue value)
    {
        if (value.Category is { } category) histogram.Add(category);
        else if (value.Number is not null) histogram.AddWrongType();
        else histogram.AddMissing();
    }

    private void NoteNewFeature(string name, long count) => NoteNewFeature(ref _newFeatures, name, count);

    /// <summary>Counts rows of a feature the reference does not have, in a profile's or a slice's names (at most <see cref="MaxNewFeatures"/>).</summary>
    internal static void NoteNewFeature(ref Dictionary<string, long>? newFeatures, string name, long count)
    {
        var seenNames = newFeatures ??= new Dictionary<string, long>();
        if (seenNames.TryGetValue(name, out long seen)) seenNames[name] = seen + count;
        else if (seenNames.Count < MaxNewFeatures) seenNames[name] = count;
    }

    /// <summary>A feature position a slice's plan has no histogram for (see <see cref="SlicePlan"/>).</summary>
    internal const int NotInReference = -1;

    internal BinnedHistogram[] NumericHistograms => _numeric;

    internal CategoricalHistogram[] CategoricalHistograms => _categorical;

    // Where each histogram's counts start in a slice of this reference (numeric ones, categorical ones, the score,
    // then the slice's length); in memory only, computed once per reference.
    [NonSerialized] private int[]? _sliceOffsets;

    /// <summary>Where each histogram's counts start in a <see cref="DriftSlice"/> of this reference: numeric ones, categorical ones, the score (empty when there is none), then the end.</summary>
    internal int[] SliceOffsets => _sliceOffsets ??= ComputeSliceOffsets();

    private int[] ComputeSliceOffsets()
    {
        var offsets = new int[_numeric.Length + _categorical.Length + 2];
        var at = 0;
        for (var i = 0; i < _numeric.Length; i++)
        {
            offsets[i] = at;
            at += BinnedCounts.Length(_numeric[i].BinCount);
        }
        for (var j = 0; j < _categorical.Length; j++)
        {
            offsets[_numeric.Length + j] = at;
            at += CategoricalCounts.Length(_categorical[j].BinCount);
        }
        offsets[^2] = at;
        offsets[^1] = at + (_score is null ? 0 : BinnedCounts.Length(_score.BinCount));
        return offsets;
    }

    /// <summary>For each position of <paramref name="schema"/>: its numeric histogram's index, or the number of numeric ones plus its categorical one's, or <see cref="NotInReference"/>.</summary>
    internal int[] SlicePlan(FeatureSchema schema)
    {
        var plan = new int[schema.Count];
        for (var i = 0; i < plan.Length; i++)
        {
            plan[i] = AlignedFeatures<BinnedHistogram>.IndexOf(_numericNames, schema[i]) is var n and >= 0 ? n
                : AlignedFeatures<CategoricalHistogram>.IndexOf(_categoricalNames, schema[i]) is var c and >= 0 ? _numeric.Length + c : NotInReference;
        }
        return plan;
    }

    /// <summary>Adds a slice of this window's reference (bit for bit what adding a window of the same rows gave).</summary>
    public void Add(DriftSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var reference = _shapeOf ?? this;
        for (var i = 0; i < _numeric.Length; i++) _numeric[i].Add(slice.Counts(reference, i));
        for (var j = 0; j < _categorical.Length; j++) _categorical[j].Add(slice.Counts(reference, _numeric.Length + j));
        _score?.Add(slice.Counts(reference, _numeric.Length + _categorical.Length));
        if (slice.NewFeatures is { } added) foreach (var (name, count) in added) NoteNewFeature(name, count);
        _rows += slice.Rows;
    }
}
