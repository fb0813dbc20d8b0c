using Fleet.Catalogue;

namespace Fleet.Monitoring;

/// <summary>
/// One evaluation's readings of one model: a slot per declared <see cref="ReadingKey"/> (<see cref="Readings.Keys"/>).
/// Null, NaN and a slot not written all read as "not judged".
/// </summary>
public sealed class ModelReadings
{
    private readonly double?[] _values = new double?[Readings.Keys.Count];
    private readonly bool[] _written = new bool[Readings.Keys.Count];

    public double? this[ReadingKey key]
    {
        get => Read(key);
        set
        {
            _values[key.Index] = value;
            _written[key.Index] = true;
        }
    }

    /// <summary>The reading, or null when it is not judged.</summary>
    public double? Read(ReadingKey key) => _values[key.Index] is { } v && !double.IsNaN(v) ? v : null;

    /// <summary>Forgets every reading, so the instance can serve the next evaluation.</summary>
    public void Clear()
    {
        Array.Clear(_values);
        Array.Clear(_written);
    }

    /// <summary>The keys written at this evaluation with their values, in declaration order.</summary>
    public IEnumerable<(ReadingKey Key, double? Value)> Written()
    {
        foreach (var key in Readings.Keys)
        {
            if (_written[key.Index]) yield return (key, _values[key.Index]);
        }
    }
}
