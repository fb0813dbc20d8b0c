using System.Text;
using System.Text.Json;
using Fleet.Events;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Builds one request's <see cref="FeatureRow"/>s as its features are read, into the representation simulated events
/// have too, so both reach the monitor alike. Rows naming the same features in the same order share one schema, and a
/// name read where the previous row had it is matched on its UTF-8 bytes and reused, so a batch of rows with one schema
/// allocates each name once. A name given twice in one object keeps its first place and its last value (as a
/// dictionary read would). Not thread-safe; one per request.
/// </summary>
internal sealed class FeatureRowBuilder
{
    // Up to this many names a repeated name is found by scanning; beyond, by a set (a hostile row may hold many).
    private const int ScanLimit = 16;

    private readonly FeatureSchemaSet _schemas = new();
    private FeatureSchema? _last;
    private byte[][] _lastUtf8 = [];
    private string[] _names = new string[8];
    private FeatureValue[] _values = new FeatureValue[8];
    private Dictionary<string, int>? _positions;
    private int _count;
    private bool _asLast;

    public void Begin()
    {
        _count = 0;
        _asLast = _last is not null;
    }

    /// <summary>The name the reader is at (a property name), reusing the previous row's string when it is the same.</summary>
    public string Name(ref Utf8JsonReader reader)
    {
        if (_asLast && _count < _lastUtf8.Length && reader.ValueTextEquals(_lastUtf8[_count])) return _last![_count];
        _asLast = false;
        return reader.GetString()!;
    }

    public void Add(string name, FeatureValue value)
    {
        var at = Find(name);
        if (at >= 0)
        {
            _values[at] = value;
            _asLast = false;
            return;
        }
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _names[_count] = name;
        _values[_count] = value;
        if (_count == ScanLimit) IndexNames();
        else if (_count > ScanLimit) _positions![name] = _count;
        _count++;
    }

    /// <summary>The row of the names and values added since <see cref="Begin"/>.</summary>
    public FeatureRow Row()
    {
        var names = _names.AsSpan(0, _count);
        var schema = _asLast && _count == _last!.Count ? _last : _schemas.For(names);
        if (!ReferenceEquals(schema, _last))
        {
            _last = schema;
            _lastUtf8 = new byte[schema.Count][];
            for (var i = 0; i < schema.Count; i++) _lastUtf8[i] = Encoding.UTF8.GetBytes(schema[i]);
        }
        return new FeatureRow(schema, _values.AsSpan(0, _count));
    }

    private int Find(string name)
    {
        if (_count > ScanLimit) return _positions!.TryGetValue(name, out var at) ? at : -1;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private void IndexNames()
    {
        _positions ??= new Dictionary<string, int>(StringComparer.Ordinal);
        _positions.Clear();
        for (var i = 0; i <= _count; i++) _positions[_names[i]] = i;
    }
}
