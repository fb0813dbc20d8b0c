namespace Fleet.Events;

/// <summary>
/// The names of the features a model logs, in order: one instance shared by all of that model's
/// <see cref="FeatureRow"/>s, so a row carries only its values. Names are distinct and not null, as a
/// dictionary's keys are; empty or blank names are left for ingestion to refuse with its usual error.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.FeatureSchema")]
public sealed class FeatureSchema
{
    // Up to this many names a lookup scans them, which beats hashing the name; beyond, a dictionary built on first use.
    private const int ScanLimit = 8;

    [Id(0)] private readonly string[] _names;
    [NonSerialized] private Dictionary<string, int>? _index;

    public FeatureSchema(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = [.. names];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i] is not { } name) throw new ArgumentException($"feature name {i} is null", nameof(names));
            if (!seen.Add(name)) throw new ArgumentException($"feature '{name}' is named twice", nameof(names));
        }
    }

    public int Count => _names.Length;

    public string this[int index] => _names[index];

    /// <summary>The names in order.</summary>
    public ReadOnlySpan<string> Names => _names;

    /// <summary>The position of <paramref name="name"/> (ordinal comparison), or -1 when the schema does not hold it.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_names.Length <= ScanLimit)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.Ordinal)) return i;
            }
            return -1;
        }
        return (Volatile.Read(ref _index) ?? BuildIndex()).TryGetValue(name, out var index) ? index : -1;
    }

    // Rows are read on any thread: a race builds two equal indexes and keeps one, and publishing is a volatile write.
    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(_names.Length, StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++) index[_names[i]] = i;
        Volatile.Write(ref _index, index);
        return index;
    }
}
