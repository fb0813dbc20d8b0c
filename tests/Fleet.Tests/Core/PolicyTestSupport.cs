using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;
using Fleet.Snapshots;

namespace Fleet.Tests.Core;

/// <summary>
/// Hand-built window metrics for the policy tests: every window reports the same rates, quality and latency;
/// volumes are large enough that every threshold of <see cref="TestModels.Standard"/> is judged over its own window.
/// </summary>
public sealed record Health(
    double Quality = 0.95, double LatencyP95 = 50, double ErrorRate = 0, double TimeoutRate = 0,
    double FallbackRate = 0, double Coverage = 1.0, long Volume5m = 200, long Volume1h = 2_000, long QualitySamples = 1_000,
    long? Volume24h = null)
{
    public IReadOnlyDictionary<WindowSpan, WindowMetrics> Windows() => new Dictionary<WindowSpan, WindowMetrics>
    {
        [WindowSpan.FiveMinutes] = Metrics(Volume5m),
        [WindowSpan.OneHour] = Metrics(Volume1h),
        [WindowSpan.OneDay] = Metrics(Volume24h ?? Volume1h * 24),
        [WindowSpan.ThirtyDays] = Metrics(Volume1h * 24 * 30),
    };

    private WindowMetrics Metrics(long volume) => new(
        volume, QualitySamples, Quality, QualitySamples, LatencyP95 / 2, LatencyP95, LatencyP95 * 1.5,
        ErrorRate, TimeoutRate, FallbackRate, Coverage);

    /// <summary>The model's readings over these windows and <paramref name="inputs"/>, as an evaluation fills them.</summary>
    public ModelReadings Readings(ModelDefinition model, InputSignals? inputs = null) =>
        ModelSignals.From(model, Windows(), DegradationLevel.FullAi, drift: null, detections: [], inputs);
}

/// <summary>Drives <see cref="DegradationPolicy"/> for one model through a sequence of event times.</summary>
internal sealed class PolicyDriver(ModelDefinition? model = null)
{
    public ModelDefinition Model { get; } = model ?? TestModels.Define();

    public LevelState State { get; } = new();

    public DegradationPolicy.Decision At(DateTimeOffset now, Health health) =>
        DegradationPolicy.Evaluate(Model, health.Readings(Model), State, now);

    /// <summary>Evaluates once a minute from <paramref name="from"/> for <paramref name="minutes"/> minutes; returns the transitions made.</summary>
    public List<LevelTransition> EveryMinute(DateTimeOffset from, int minutes, Func<int, Health> health)
    {
        var transitions = new List<LevelTransition>();
        for (var m = 0; m < minutes; m++)
        {
            if (At(from.AddMinutes(m), health(m)).Transition is { } t) transitions.Add(t);
        }
        return transitions;
    }
}
