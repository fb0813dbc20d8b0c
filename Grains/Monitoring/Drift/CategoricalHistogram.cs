using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Fleet.Monitoring.Drift;

/// <summary>
/// Counts per category of one categorical feature, over a category set frozen on a reference sample.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Fit"/> keeps the reference's <c>maxCategories</c> most frequent categories (ties: ordinal name
/// order) and counts the rest in an "other" bucket, which is the last entry of <see cref="Counts"/>. A current
/// window made by <see cref="CreateEmptyLike"/> tracks exactly the reference's categories: any other category
/// goes to "other". The reference also remembers up to <see cref="MaxRareCategories"/> of its other categories (the
/// most frequent first, then as a counting reference meets them) as 64-bit hashes, so a rare but known category is
/// not mistaken for a new one: only a value the reference neither tracks nor remembers counts as
/// <see cref="Untracked"/>, in a window and in the reference alike (see <see cref="UnseenRate"/>).
/// </para>
/// <para>
/// Data quality counters: <see cref="Missing"/> (null) and <see cref="WrongType"/> (the feature arrived as a number).
/// Memory: the category names and the remembered hashes (at most 2 KB), both shared with the reference, and one long
/// per category. Mergeable with
/// <see cref="Add(CategoricalHistogram)"/>. Not thread-safe.
/// </para>
/// </remarks>
[GenerateSerializer, Alias("Fleet.Drift.CategoricalHistogram")]
public sealed class CategoricalHistogram
{
    /// <summary>Distinct categories tracked by default; the rest share the "other" bucket.</summary>
    public const int DefaultMaxCategories = 64;

    /// <summary>Upper limit on tracked categories.</summary>
    public const int MaxCategoriesLimit = 10_000;

    /// <summary>
    /// Most categories beyond the tracked ones a reference remembers (8 bytes each): with 64 tracked, a feature of up
    /// to 320 categories (countries, say) is known whole. Beyond it, the reference's values of categories it could
    /// not remember count as its own <see cref="Untracked"/> share, which <see cref="UnseenRate"/> allows for.
    /// </summary>
    public const int MaxRareCategories = 256;

    [Id(0)] private string[] _categories;
    // One count per category, then "other", then the counters, as CategoricalCounts reads them.
    [Id(1)] private long[] _state;
    // Sorted hashes of the reference's remembered categories beyond the tracked ones; replaced, never changed in place,
    // so windows can share the reference's array.
    [Id(6)] private ulong[] _rare = [];
    // A reference (made by Fit or WithCategories) remembers the new categories it is given; a window only looks them up.
    [Id(7)] private bool _learns;

    // Rebuilt on first use after deserialisation; shared by histograms made with CreateEmptyLike.
    [NonSerialized] private Dictionary<string, int>? _index;

    private CategoricalHistogram(string[] categories, Dictionary<string, int>? index, ulong[] rare, bool learns)
    {
        _categories = categories;
        _state = new long[CategoricalCounts.Length(categories.Length + 1)];
        _index = index;
        _rare = rare;
        _learns = learns;
    }

    /// <summary>
    /// Tracks the <paramref name="maxCategories"/> most frequent categories of <paramref name="reference"/> and
    /// counts it: the result is the reference histogram. Null entries count as missing.
    /// </summary>
    public static CategoricalHistogram Fit(IEnumerable<string?> reference, int maxCategories = DefaultMaxCategories)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (maxCategories < 1 || maxCategories > MaxCategoriesLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCategories), maxCategories, $"Must be in [1, {MaxCategoriesLimit}].");
        }

        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var value in reference)
        {
            if (value is null) missing++;
            else frequencies[value] = frequencies.GetValueOrDefault(value) + 1;
        }

        var ranked = frequencies
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key)
            .ToArray();
        var kept = ranked.Take(maxCategories).ToArray();
        var rare = ranked.Skip(maxCategories).Take(MaxRareCategories).Select(HashOf).Distinct().Order().ToArray();
        var histogram = new CategoricalHistogram(kept, null, rare, learns: true);
        foreach (var (category, count) in frequencies) histogram.AddCount(category, count);
        histogram.State.Missing = missing;
        return histogram;
    }

    /// <summary>An empty histogram tracking an explicit category list (in that order). For tests and known vocabularies.</summary>
    public static CategoricalHistogram WithCategories(IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var names = categories.ToArray();
        if (names.Length > MaxCategoriesLimit) throw new ArgumentException($"At most {MaxCategoriesLimit} categories.", nameof(categories));
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("Categories must be distinct.", nameof(categories));
        }
        return new CategoricalHistogram(names, null, [], learns: true);
    }

    /// <summary>An empty histogram tracking the same categories: the shape of a current window.</summary>
    public CategoricalHistogram CreateEmptyLike() => new(_categories, Index, _rare, learns: false);

    /// <summary>Categories beyond the tracked ones the reference remembers (by hash).</summary>
    public int RareCategoryCount => _rare.Length;

    /// <summary>Tracked categories, in bin order.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Number of bins: one per tracked category plus "other".</summary>
    public int BinCount => _categories.Length + 1;

    /// <summary>Counts per tracked category, then the "other" count as the last entry.</summary>
    public ReadOnlySpan<long> Counts => _state.AsSpan(0, BinCount);

    private CategoricalCounts State => new(_state, BinCount);

    /// <summary>Values in the "other" bucket.</summary>
    public long Other => _state[BinCount - 1];

    /// <summary>Values counted in the bins (missing and wrong-type excluded).</summary>
    public long Count => State.Count;

    /// <summary>Null values.</summary>
    public long Missing => State.Missing;

    /// <summary>
    /// Values of a category the reference neither tracks nor remembers (a subset of <see cref="Other"/>): in a window,
    /// values never seen in the reference, unless the reference had more rare categories than it could remember.
    /// </summary>
    public long Untracked => State.Untracked;

    /// <summary>Values that arrived as a number although the feature is categorical.</summary>
    public long WrongType => State.WrongType;

    /// <summary>Everything recorded: values, missing and wrong-type.</summary>
    public long Total => Count + Missing + WrongType;

    /// <summary>The count of one category (the "other" count for an untracked one).</summary>
    public long CountOf(string category) => Index.TryGetValue(category, out int i) ? _state[i] : Other;

    /// <summary>
    /// Share of values in categories the reference never saw: this histogram's <see cref="Untracked"/> share, less the
    /// reference's own (the values of rare categories it had too many of to remember, which an unchanged feature keeps
    /// sending). Exact when the reference remembered all its categories (its untracked share is 0). NaN when this
    /// histogram has no value.
    /// </summary>
    public double UnseenRate(CategoricalHistogram reference)
    {
        RequireSameCategories(reference);
        if (Count == 0) return double.NaN;
        double expected = reference.Count == 0 ? 0 : (double)reference.Untracked / reference.Count;
        return Math.Max(0, (double)Untracked / Count - expected);
    }

    /// <summary>Records one value; null counts as missing.</summary>
    public void Add(string? category)
    {
        if (category is null)
        {
            State.Missing++;
            return;
        }
        AddCount(category, 1);
    }

    /// <summary>Records a value that was absent.</summary>
    public void AddMissing() => State.Missing++;

    /// <summary>Records a value that arrived as a number although the feature is categorical.</summary>
    public void AddWrongType() => State.WrongType++;

    /// <summary>Adds every count of <paramref name="other"/> (same categories) to this histogram.</summary>
    public void Add(CategoricalHistogram other)
    {
        RequireSameCategories(other);
        if (ReferenceEquals(other, this)) other = Clone();
        State.Add(other.State);
    }

    /// <summary>Adds counts over this histogram's categories (a slice's part, <see cref="CategoricalCounts"/>; only read).</summary>
    internal void Add(Span<long> counts) => State.Add(new CategoricalCounts(counts, BinCount));

    /// <summary>
    /// Records one value into <paramref name="state"/>, counts over this histogram's categories (a slice's part), as a
    /// window made by <see cref="CreateEmptyLike"/> counts it: by this histogram's categories and remembered ones, learning none.
    /// </summary>
    internal void AddTo(Span<long> state, string? category)
    {
        var counts = new CategoricalCounts(state, BinCount);
        if (category is null) counts.Missing++;
        else if (Index.TryGetValue(category, out int i)) counts.Add(i, 1, untracked: false);
        else counts.Add(BinCount - 1, 1, untracked: Array.BinarySearch(_rare, HashOf(category)) < 0);
    }

    /// <summary>Empties the histogram, keeping its categories.</summary>
    public void Clear()
    {
        Array.Clear(_state);
    }

    /// <summary>A deep copy (the category names, which never change, are shared).</summary>
    public CategoricalHistogram Clone()
    {
        var copy = (CategoricalHistogram)MemberwiseClone();
        copy._state = (long[])_state.Clone();
        return copy;
    }

    /// <summary>True when both track the same categories in the same order.</summary>
    public bool HasSameCategories(CategoricalHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(_categories, other._categories)) return true;
        return _categories.AsSpan().SequenceEqual(other._categories, StringComparer.Ordinal);
    }

    internal void RequireSameCategories(CategoricalHistogram other)
    {
        if (!HasSameCategories(other))
        {
            throw new ArgumentException("Histograms track different categories; build the current one with CreateEmptyLike.", nameof(other));
        }
    }

    private Dictionary<string, int> Index
    {
        get
        {
            if (_index is null)
            {
                var index = new Dictionary<string, int>(_categories.Length, StringComparer.Ordinal);
                for (int i = 0; i < _categories.Length; i++) index[_categories[i]] = i;
                _index = index;
            }
            return _index;
        }
    }

    private void AddCount(string category, long count)
    {
        if (Index.TryGetValue(category, out int i)) State.Add(i, count, untracked: false);
        else State.Add(BinCount - 1, count, untracked: !Remembers(category));
    }

    /// <summary>Whether the reference knows this untracked category; a reference learns it while it has room.</summary>
    private bool Remembers(string category)
    {
        var hash = HashOf(category);
        int at = Array.BinarySearch(_rare, hash);
        if (at >= 0) return true;
        if (!_learns || _rare.Length >= MaxRareCategories) return false;
        var grown = new ulong[_rare.Length + 1];
        at = ~at;
        Array.Copy(_rare, grown, at);
        grown[at] = hash;
        Array.Copy(_rare, at, grown, at + 1, _rare.Length - at);
        _rare = grown;
        return true;
    }

    // Stable across processes (string.GetHashCode is not), so a checkpointed set still matches after a restart.
    // Two names sharing a hash (odds ~256 / 2^64 per new name) would read as known.
    private static ulong HashOf(string category) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(category.AsSpan()));
}
