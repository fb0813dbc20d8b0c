using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Catalogue;

/// <summary>Which values a limit accepts.</summary>
public enum LimitKind
{
    /// <summary>A share from 0 to 1 (0.01 = 1 %).</summary>
    Fraction,
    /// <summary>A finite number above 0 (milliseconds).</summary>
    Positive,
    /// <summary>A finite number of 0 or more (a count).</summary>
    Count,
}

/// <summary>
/// One level threshold shaped as a <see cref="Limit"/> (value, window, minimum samples), declared once with its default
/// per domain in <see cref="ThresholdCatalogue"/>: the API reads and shows it under <see cref="Field"/>, the level evaluator judges it,
/// the catalogue endpoint lists it with each domain's default.
/// </summary>
public sealed class LimitDeclaration
{
    /// <summary>The breach's name: "error-rate".</summary>
    public required string Name { get; init; }
    /// <summary>Its field under "thresholds" in requests and answers: "errorRate".</summary>
    public required string Field { get; init; }
    /// <summary>What it judges.</summary>
    public required Reading Reading { get; init; }
    public required LimitKind Kind { get; init; }
    public required LimitDirection Direction { get; init; }
    /// <summary>True when the limit itself is on the bad side ("errors at or above 50 %").</summary>
    public bool Inclusive { get; init; }
    /// <summary>The level a breach calls for.</summary>
    public required DegradationLevel Level { get; init; }
    public required string Description { get; init; }
    /// <summary>Its default for a domain's profile and the model's quality metric; null leaves it off.</summary>
    public required Func<DomainDefaults.Profile, QualityMetricKind, Limit?> Default { get; init; }
    /// <summary>Its slot in a model's <see cref="Thresholds.Limits"/>: its place in <see cref="ThresholdCatalogue.Limits"/>.</summary>
    public int Index { get; internal set; }
    /// <summary>
    /// For a limit a domain may leave off (null): what a value given for it starts from. Null for a limit every
    /// domain has.
    /// </summary>
    public Limit? Base { get; init; }
    /// <summary>The one window it can be judged over and why (segment quality is kept over 24 hours only).</summary>
    public (WindowSpan Window, string Reason)? OnlyWindow { get; init; }
    /// <summary>
    /// True when a value of 0 turns the limit off (a volume floor of 0 asks for nothing). An optional limit a domain
    /// leaves off is null instead.
    /// </summary>
    public bool ZeroTurnsOff { get; init; }
    /// <summary>True when the reading is the count itself (volume): it is judged from no minimum of samples.</summary>
    public bool CountIsTheReading { get; init; }
    /// <summary>A breach's words from the limit, the value, the window it was read over and the model's quality metric.</summary>
    public required Func<Limit, double, WindowSpan, QualityMetricKind, string> Words { get; init; }

    /// <summary>The model's limit, or null when it is off.</summary>
    public Limit? Of(Thresholds thresholds) =>
        thresholds[this] is { } limit && !(ZeroTurnsOff && limit.Value <= 0) ? limit : null;

    /// <summary>The samples a reading needs before this limit judges it: the limit's own minimum.</summary>
    public long SamplesNeeded(Limit limit) => CountIsTheReading ? 0 : limit.MinSamples;

    /// <summary>
    /// The key of its reading over <paramref name="window"/>: a reading produced per window is read over the limit's
    /// window (or a longer one at low traffic); one produced without a window (drift share, fairness gap) is read as it is.
    /// </summary>
    public ReadingKey KeyAt(WindowSpan window) => Reading.Keys is [{ Window: null } only] ? only : Reading.At(window);

    /// <summary>Whether its reading is produced per window, and so read over a longer window when its own holds too few samples.</summary>
    public bool PerWindow => Reading.Keys[0].Window is not null;

    /// <summary>The path of one of its fields in a request: "thresholds.errorRate.value".</summary>
    public string Path(string? field = null) => field is null ? $"thresholds.{Field}" : $"thresholds.{Field}.{field}";

    /// <summary>Why a value is refused, or null when <see cref="Kind"/> accepts it.</summary>
    public string? Refuse(double value) => Kind switch
    {
        LimitKind.Fraction when !(double.IsFinite(value) && value is >= 0 and <= 1) => "must be a fraction from 0 to 1 (0.01 = 1%)",
        LimitKind.Positive when !(double.IsFinite(value) && value > 0) => "must be a finite number > 0",
        LimitKind.Count when !(double.IsFinite(value) && value >= 0) => "must be a finite number >= 0",
        _ => null,
    };
}
