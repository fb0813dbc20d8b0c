using Fleet.Catalogue;

namespace Fleet.Monitoring;

/// <summary>
/// One evaluation's readings of one model: a slot per declared <see cref="ReadingKey"/> (<see cref="Readings.Keys"/>),
/// each with its value and samples (<see cref="ReadingValue"/>). The level thresholds and the alert rules read the same
/// slots. Null, NaN, too few samples and a slot not written all read as "not judged".
/// </summary>
public sealed class ModelReadings
{
    private readonly ReadingValue[] _values = new ReadingValue[Readings.Keys.Count];
    private readonly bool[] _written = new bool[Readings.Keys.Count];

    /// <summary>The value when the alert rules judge it; set: a value judged from any number of samples.</summary>
    public double? this[ReadingKey key]
    {
        get => Read(key);
        set => Set(key, value, samples: 0, minSamples: 0);
    }

    /// <summary>Writes a reading with the samples behind it and the samples the alert rules need before judging it.</summary>
    public void Set(ReadingKey key, double? value, long samples, long minSamples)
    {
        _values[key.Index] = new ReadingValue(value, samples, minSamples);
        _written[key.Index] = true;
    }

    /// <summary>The reading's slot: value and samples, whether or not it can be judged.</summary>
    public ReadingValue Slot(ReadingKey key) => _values[key.Index];

    /// <summary>The reading, or null when it is not judged (see <see cref="ReadingValue.Judged"/>).</summary>
    public double? Read(ReadingKey key) => _values[key.Index] is { Judged: true } slot ? slot.Value : null;

    /// <summary>Forgets every reading, so the instance can serve the next evaluation.</summary>
    public void Clear()
    {
        Array.Clear(_values);
        Array.Clear(_written);
    }

    /// <summary>The keys written at this evaluation with their slots, in declaration order.</summary>
    public IEnumerable<(ReadingKey Key, ReadingValue Value)> Written()
    {
        foreach (var key in Readings.Keys)
        {
            if (_written[key.Index]) yield return (key, _values[key.Index]);
        }
    }
}
