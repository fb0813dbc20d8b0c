namespace Fleet.Monitoring.Drift;

/// <summary>
/// What a <see cref="CategoricalHistogram"/> counts, laid out in one run of longs so a histogram and a drift slice
/// (<see cref="DriftSlice"/>) keep it alike and share one arithmetic: the tracked categories' counts and "other", then
/// count, missing, untracked and wrong type.
/// </summary>
internal readonly ref struct CategoricalCounts
{
    /// <summary>Longs the counts of <paramref name="bins"/> bins ("other" included) take.</summary>
    public static int Length(int bins) => bins + 4;

    private readonly Span<long> _state;
    private readonly int _bins;

    public CategoricalCounts(Span<long> state, int bins)
    {
        _state = state;
        _bins = bins;
    }

    public ReadOnlySpan<long> Counts => _state[.._bins];
    public ref long Count => ref _state[_bins];
    public ref long Missing => ref _state[_bins + 1];
    public ref long Untracked => ref _state[_bins + 2];
    public ref long WrongType => ref _state[_bins + 3];

    /// <summary>Counts <paramref name="count"/> values in <paramref name="bin"/>; <paramref name="untracked"/>: of a category the reference does not know.</summary>
    public void Add(int bin, long count, bool untracked)
    {
        _state[bin] += count;
        if (untracked) Untracked += count;
        Count += count;
    }

    /// <summary>Adds counts over the same categories.</summary>
    public void Add(CategoricalCounts other)
    {
        for (int i = 0; i < _bins; i++) _state[i] += other._state[i];
        Count += other.Count;
        Missing += other.Missing;
        Untracked += other.Untracked;
        WrongType += other.WrongType;
    }
}
