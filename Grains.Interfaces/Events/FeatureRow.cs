using System.Collections;
using System.Collections.ObjectModel;

namespace Fleet.Events;

/// <summary>
/// One prediction's features as a read-only dictionary kept in two arrays: a <see cref="FeatureSchema"/> shared by
/// the rows that name the same features in the same order, and this row's values in the schema's order. Every event
/// carries its features so, whatever its path (HTTP, the batch log, the simulator): a row costs one small array
/// instead of a hash table, and a reader that knows the schema (drift) walks the values by position with no lookup.
/// Enumerates in the schema's order; equality is by reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.FeatureRow")]
public sealed class FeatureRow : IReadOnlyDictionary<string, FeatureValue>
{
    [Id(0)] private readonly FeatureSchema _schema;
    [Id(1)] private readonly FeatureValue[] _values;

    /// <summary>A row of <paramref name="values"/> (copied: the row never changes), one per name of <paramref name="schema"/>, in its order.</summary>
    public FeatureRow(FeatureSchema schema, ReadOnlySpan<FeatureValue> values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (values.Length != schema.Count)
            throw new ArgumentException($"{values.Length} values for the schema's {schema.Count} feature names", nameof(values));
        _schema = schema;
        _values = values.ToArray();
    }

    public FeatureSchema Schema => _schema;

    /// <summary>The values in the schema's order: <c>Values[i]</c> is the feature <c>Schema[i]</c>.</summary>
    public ReadOnlySpan<FeatureValue> Values => _values;

    public int Count => _values.Length;

    public FeatureValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The row has no feature '{key}'.");

    public bool ContainsKey(string key) => _schema.IndexOf(key) >= 0;

    public bool TryGetValue(string key, out FeatureValue value)
    {
        var index = _schema.IndexOf(key);
        value = index >= 0 ? _values[index] : default;
        return index >= 0;
    }

    IEnumerable<string> IReadOnlyDictionary<string, FeatureValue>.Keys => _schema.Names.ToArray();

    // A copy, read-only: handing out the array itself would let a caller change an immutable row.
    IEnumerable<FeatureValue> IReadOnlyDictionary<string, FeatureValue>.Values => new ReadOnlyCollection<FeatureValue>(_values.ToArray());

    /// <summary>Enumerates without allocating when the row is known as a <see cref="FeatureRow"/>.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, FeatureValue>> IEnumerable<KeyValuePair<string, FeatureValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<KeyValuePair<string, FeatureValue>>
    {
        private readonly FeatureRow _row;
        private int _index;

        internal Enumerator(FeatureRow row)
        {
            _row = row;
            _index = -1;
        }

        public readonly KeyValuePair<string, FeatureValue> Current => new(_row._schema[_index], _row._values[_index]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_index < _row._values.Length) _index++;
            return _index < _row._values.Length;
        }

        public void Reset() => _index = -1;

        public readonly void Dispose() { }
    }
}
