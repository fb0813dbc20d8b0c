using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Catalogue;

/// <summary>What a reading's number is, for people and for the page's formatting.</summary>
public enum ReadingUnit
{
    /// <summary>A degradation level, 1 to 5.</summary>
    Level,
    /// <summary>A share, 0..1 (0.01 = 1 %).</summary>
    Fraction,
    Milliseconds,
    Count,
    /// <summary>A value over a limit or a reference: above 1 is over it.</summary>
    Ratio,
    /// <summary>1 or 0.</summary>
    Flag,
    /// <summary>A drift statistic or a quality metric in its own scale (accuracy, MAE).</summary>
    Statistic,
    /// <summary>The unit of the business values sent with outcomes.</summary>
    Value,
}

/// <summary>
/// One named reading every evaluation produces per model (<see cref="Readings"/> declares them all), over one window or
/// none. A reading that cannot be judged (too few samples, no labels yet) is null at that evaluation; <see cref="Judged"/>
/// says when it is judged. Rules name a reading at one window through a <see cref="ReadingKey"/>.
/// </summary>
public sealed class Reading
{
    private readonly ReadingKey?[] _byModelWindow = new ReadingKey?[WindowSpans.All.Length];
    private readonly ReadingKey?[] _byOwnerWindow = new ReadingKey?[Enum.GetValues<OwnerWindow>().Length];
    private readonly List<ReadingKey> _keys = [];

    internal Reading(string name, Signal signal, ReadingUnit unit, string judged, string description)
    {
        Name = name;
        Signal = signal;
        Unit = unit;
        Judged = judged;
        Description = description;
    }

    public string Name { get; }
    /// <summary>What it tells about the model: the rules on it watch this (which rules ought to catch a fault follows from it).</summary>
    public Signal Signal { get; }
    public ReadingUnit Unit { get; }
    public string Judged { get; }
    public string Description { get; }

    /// <summary>Every key of this reading, one per window it is produced over (one without a window).</summary>
    public IReadOnlyList<ReadingKey> Keys => _keys;

    /// <summary>The key of a reading produced without a window ("level", "drift.share").</summary>
    public ReadingKey Key => _keys is [{ Window: null } only] ? only : throw new InvalidOperationException($"'{Name}' is produced per window");

    /// <summary>The reading over one of the model's windows; throws for a window it is not produced over.</summary>
    public ReadingKey At(WindowSpan window) =>
        _byModelWindow[(int)window] ?? throw new ArgumentOutOfRangeException(nameof(window), window, $"'{Name}' is not produced over {window.Name()}");

    /// <summary>The reading over one of the product owner's windows.</summary>
    public ReadingKey At(OwnerWindow window) =>
        _byOwnerWindow[(int)window] ?? throw new ArgumentOutOfRangeException(nameof(window), window, $"'{Name}' is not produced over that owner window");

    internal void Add(ReadingKey key, WindowSpan? model, OwnerWindow? owner)
    {
        _keys.Add(key);
        if (model is { } m) _byModelWindow[(int)m] = key;
        if (owner is { } o) _byOwnerWindow[(int)o] = key;
    }
}

/// <summary>
/// A reading over one window, as a rule names it and an evaluation stores it: written "name@window" ("errorRate@5m"),
/// or the bare name for a reading without a window. <see cref="Index"/> is its slot in a model's readings.
/// </summary>
public sealed class ReadingKey
{
    internal ReadingKey(Reading reading, string? window, int index)
    {
        Reading = reading;
        Window = window;
        Index = index;
        Text = window is null ? reading.Name : $"{reading.Name}@{window}";
    }

    public Reading Reading { get; }
    /// <summary>The window's public name ("5m", "7d"), or null for a reading without one.</summary>
    public string? Window { get; }
    public int Index { get; }
    public string Text { get; }

    public override string ToString() => Text;
}
