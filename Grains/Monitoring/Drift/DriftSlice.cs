using Fleet.Events;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// Ten minutes of a model's current traffic (<see cref="DriftTracker"/> keeps six): what a
/// <see cref="DriftProfile.CreateEmptyLike"/> window of its reference would count, every histogram's counts in one
/// array laid out as the histograms keep theirs (<see cref="BinnedCounts"/>, <see cref="CategoricalCounts"/>), counted
/// by the reference's own histograms' code. A window merges slices with <see cref="DriftProfile.Add(DriftSlice)"/>,
/// bit for bit what merging profiles gave. Memory: one array and one object, where a profile held an object and an
/// array per histogram and two arrays of them (~0.4 KB less a slice at four features, ~1.7 KB at 20).
/// </summary>
/// <remarks>
/// A slice means nothing without the reference it was made for: the tracker keeps both, and empties its slices when
/// the reference is replaced.
/// </remarks>
[GenerateSerializer, Alias("Fleet.Drift.DriftSlice")]
public sealed class DriftSlice
{
    [Id(0)] private readonly long[] _state;
    [Id(1)] private long _rows;
    // Null until a feature the reference does not have arrives (most slices never see one).
    [Id(2)] private Dictionary<string, long>? _newFeatures;

    // The histogram each position of the last schema seen counts into (see DriftProfile.SlicePlan); in memory only.
    [NonSerialized] private FeatureSchema? _plannedSchema;
    [NonSerialized] private int[]? _plan;

    /// <summary>An empty slice of <paramref name="reference"/>'s features and bins.</summary>
    public DriftSlice(DriftProfile reference)
    {
        _state = new long[reference.SliceOffsets[^1]];
        Clear(reference);
    }

    /// <summary>Rows (predictions) recorded.</summary>
    public long Rows => _rows;

    /// <summary>Features seen in this slice but not in the reference, with the rows that carried them (in first-seen order).</summary>
    internal Dictionary<string, long>? NewFeatures => _newFeatures;

    /// <summary>Histogram <paramref name="index"/>'s counts (numeric ones, then categorical ones, then the score).</summary>
    internal Span<long> Counts(DriftProfile reference, int index) =>
        _state.AsSpan(reference.SliceOffsets[index], reference.SliceOffsets[index + 1] - reference.SliceOffsets[index]);

    /// <summary>Records one prediction, as <see cref="DriftProfile.Add(FeatureRow?, double?)"/> on a window of <paramref name="reference"/>.</summary>
    public void Add(DriftProfile reference, FeatureRow? features, double? score)
    {
        _rows++;
        var (numeric, categorical, scoreHistogram) = (reference.NumericHistograms, reference.CategoricalHistograms, reference.Score);
        if (scoreHistogram is not null)
        {
            var counts = Counts(reference, numeric.Length + categorical.Length);
            if (score is double s) scoreHistogram.AddTo(counts, s);
            else new BinnedCounts(counts, scoreHistogram.BinCount).Missing++;
        }
        if (features is null) return;
        var schema = features.Schema;
        var plan = ReferenceEquals(schema, _plannedSchema) ? _plan! : (_plan = reference.SlicePlan(schema));
        _plannedSchema = schema;
        var values = features.Values;
        for (var i = 0; i < values.Length; i++)
        {
            var at = plan[i];
            if (at == DriftProfile.NotInReference)
            {
                NoteNewFeature(schema[i], 1);
            }
            else if (at < numeric.Length)
            {
                var counts = Counts(reference, at);
                if (values[i].Number is double x) numeric[at].AddTo(counts, x);
                else if (values[i].Category is not null) new BinnedCounts(counts, numeric[at].BinCount).WrongType++;
                else new BinnedCounts(counts, numeric[at].BinCount).Missing++;
            }
            else
            {
                var histogram = categorical[at - numeric.Length];
                var counts = Counts(reference, at);
                if (values[i].Category is { } category) histogram.AddTo(counts, category);
                else if (values[i].Number is not null) new CategoricalCounts(counts, histogram.BinCount).WrongType++;
                else new CategoricalCounts(counts, histogram.BinCount).Missing++;
            }
        }
    }

    /// <summary>Empties the slice, as a new one of <paramref name="reference"/>.</summary>
    public void Clear(DriftProfile reference)
    {
        Array.Clear(_state);
        var numeric = reference.NumericHistograms;
        for (var i = 0; i < numeric.Length; i++) new BinnedCounts(Counts(reference, i), numeric[i].BinCount).Clear();
        if (reference.Score is { } score)
            new BinnedCounts(Counts(reference, numeric.Length + reference.CategoricalHistograms.Length), score.BinCount).Clear();
        _rows = 0;
        _newFeatures = null;
    }

    /// <summary>Approximate heap bytes: the object and its array (x64).</summary>
    public long EstimatedBytes() => 56 + 24 + _state.Length * 8L;

    private void NoteNewFeature(string name, long count) => DriftProfile.NoteNewFeature(ref _newFeatures, name, count);
}
