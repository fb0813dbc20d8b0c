using System.Globalization;
using Fleet.Models;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// Thresholds a what-if replay judges every model of the scenario's fleet by, in place of the domain defaults. YAML;
/// each key is optional and replaces only the value (the window and minimum samples stay the domain's):
/// <code>
/// latencyP95Ms: 150       # ms
/// errorRate: 0.01         # fractions
/// timeoutRate: 0.005
/// fallbackRate: 0.2
/// coverage: 0.9
/// minVolume: 10
/// quality: { launch: 0.7, target: 0.8, stretch: 0.85 }
/// </code>
/// </summary>
public sealed class ThresholdOverrides
{
    private static readonly string[] Limits = ["latencyP95Ms", "errorRate", "timeoutRate", "fallbackRate", "coverage", "minVolume"];
    private static readonly string[] QualityKeys = ["launch", "target", "stretch"];

    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>Reads the overrides; a wrong key or value is refused naming it (field "thresholds.&lt;key&gt;").</summary>
    public static ThresholdOverrides Parse(string yaml)
    {
        YamlNode? root;
        try
        {
            root = YamlTree.Parse(yaml);
        }
        catch (ScenarioException e)
        {
            throw new ScenarioException("thresholds", e.Reason);
        }
        if (root is not YamlMap map) throw new ScenarioException("thresholds", "must be a map such as 'latencyP95Ms: 150'");
        var overrides = new ThresholdOverrides();
        foreach (var (key, value) in map.Entries)
        {
            if (key.Value == "quality")
            {
                if (value is not YamlMap quality) throw new ScenarioException("thresholds.quality", "must be a map of launch, target and stretch");
                foreach (var (q, v) in quality.Entries)
                {
                    if (!QualityKeys.Contains(q.Value)) throw new ScenarioException($"thresholds.quality.{q.Value}", "must be one of launch, target, stretch");
                    overrides._values["quality." + q.Value] = Number(v, $"thresholds.quality.{q.Value}");
                }
            }
            else if (Limits.Contains(key.Value)) overrides._values[key.Value] = Number(value, $"thresholds.{key.Value}");
            else throw new ScenarioException($"thresholds.{key.Value}", $"must be one of {string.Join(", ", Limits)}, quality");
        }
        return overrides;
    }

    public Thresholds Apply(Thresholds t)
    {
        Limit L(string key, Limit limit) => _values.TryGetValue(key, out var v) ? limit with { Value = v } : limit;
        double Q(string key, double value) => _values.GetValueOrDefault("quality." + key, value);
        return t with
        {
            Quality = t.Quality with { Launch = Q("launch", t.Quality.Launch), Target = Q("target", t.Quality.Target), Stretch = Q("stretch", t.Quality.Stretch) },
            LatencyP95Ms = L("latencyP95Ms", t.LatencyP95Ms),
            ErrorRate = L("errorRate", t.ErrorRate),
            TimeoutRate = L("timeoutRate", t.TimeoutRate),
            FallbackRate = L("fallbackRate", t.FallbackRate),
            Coverage = L("coverage", t.Coverage),
            MinVolume = L("minVolume", t.MinVolume),
        };
    }

    private static double Number(YamlNode node, string field) =>
        node is YamlScalar { IsNull: false } s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v
            : throw new ScenarioException(field, "must be a number >= 0");
}
