using System.Globalization;
using Fleet.Catalogue;
using Fleet.Models;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// Thresholds a what-if replay judges every model of the scenario's fleet by, in place of the domain defaults. YAML;
/// each key is a limit's field (<see cref="ThresholdCatalogue"/>) or quality, optional, and replaces only the value (the
/// window and minimum samples stay the domain's; a limit the domain leaves off starts from the declaration's base):
/// <code>
/// latencyP95Ms: 150       # ms
/// errorRate: 0.01         # fractions
/// inputDrift: 0.3
/// minVolume: 10
/// quality: { launch: 0.7, target: 0.8, stretch: 0.85 }
/// </code>
/// </summary>
public sealed class ThresholdOverrides
{
    // The curve's own values; its window and minimum labels stay the domain's, as a limit's do.
    private static readonly string[] QualityKeys =
        [.. ThresholdCatalogue.Quality.Fields.Where(f => f.Kind == ShapedFieldKind.Metric).Select(f => f.Name)];

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
            if (key.Value == ThresholdCatalogue.Quality.Field)
            {
                if (value is not YamlMap quality) throw new ScenarioException(ThresholdCatalogue.Quality.Path(), $"must be a map of {string.Join(", ", QualityKeys)}");
                foreach (var (q, v) in quality.Entries)
                {
                    if (!QualityKeys.Contains(q.Value)) throw new ScenarioException(ThresholdCatalogue.Quality.Path(q.Value), $"must be one of {string.Join(", ", QualityKeys)}");
                    overrides._values["quality." + q.Value] = Number(v, ThresholdCatalogue.Quality.Path(q.Value));
                }
            }
            else if (ThresholdCatalogue.ByField(key.Value) is { } limit) overrides._values[key.Value] = Value(limit, value);
            else throw new ScenarioException($"thresholds.{key.Value}",
                $"must be one of {string.Join(", ", ThresholdCatalogue.Limits.Select(l => l.Field))}, {ThresholdCatalogue.Quality.Field}");
        }
        return overrides;
    }

    public Thresholds Apply(Thresholds t)
    {
        double Q(string key, double value) => _values.GetValueOrDefault("quality." + key, value);
        var applied = t with
        {
            Quality = t.Quality with { Launch = Q("launch", t.Quality.Launch), Target = Q("target", t.Quality.Target), Stretch = Q("stretch", t.Quality.Stretch) },
        };
        foreach (var limit in ThresholdCatalogue.Limits)
        {
            if (_values.TryGetValue(limit.Field, out var v) && (applied[limit] ?? limit.Base) is { } start)
                applied = applied.With(limit, start with { Value = v });
        }
        return applied;
    }

    private static double Value(LimitDeclaration limit, YamlNode node)
    {
        var field = $"thresholds.{limit.Field}";
        if (node is not YamlScalar { IsNull: false } s || !double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new ScenarioException(field, "must be a number");
        return limit.Refuse(v) is { } refused ? throw new ScenarioException(field, refused) : v;
    }

    private static double Number(YamlNode node, string field) =>
        node is YamlScalar { IsNull: false } s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v
            : throw new ScenarioException(field, "must be a number >= 0");
}
