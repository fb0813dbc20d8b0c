using Fleet.Models;
using Fleet.Simulation.Faults;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Fleet.Simulation.Scenarios;

/// <summary>Reads a scenario file and checks every field, naming the first one that is wrong.</summary>
public static class ScenarioLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Hourly traffic multipliers of a consumer web product: quiet at night, peaks in the evening.</summary>
    public static readonly double[] WebShape =
        [0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.7, 0.85, 0.9, 0.92, 0.95, 1.0, 0.95, 0.9, 0.88, 0.9, 0.95, 1.0, 1.0, 0.95, 0.8, 0.6, 0.45];

    public static Scenario LoadFile(string path)
    {
        if (!File.Exists(path)) throw new ScenarioException("file", $"'{path}' does not exist");
        return Parse(File.ReadAllText(path), Path.GetFileNameWithoutExtension(path));
    }

    public static Scenario Parse(string yaml, string fallbackName = "scenario")
    {
        ScenarioDocument? doc;
        try
        {
            doc = Yaml.Deserialize<ScenarioDocument>(yaml);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new ScenarioException($"line {e.Start.Line}", inner);
        }
        if (doc is null) throw new ScenarioException("file", "is empty");
        return Convert(doc, fallbackName);
    }

    private static Scenario Convert(ScenarioDocument d, string fallbackName)
    {
        var fleet = (d.Fleet ?? throw new ScenarioException("fleet", "is required: a list of {domain, count}"))
            .Select((g, i) => Group(g, $"fleet[{i}]")).ToList();
        if (fleet.Count == 0) throw new ScenarioException("fleet", "lists no model");
        var duration = Duration(d.Duration, "duration") ?? throw new ScenarioException("duration", "is required (e.g. 6h)");
        var tick = Duration(d.Tick, "tick") ?? TimeSpan.FromSeconds(10);
        if (tick > duration) throw new ScenarioException("tick", "is longer than the duration");
        var injections = (d.Injections ?? []).Select((x, i) => Inject(x, $"injections[{i}]", i)).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (injection, i) in injections.Select((x, i) => (x, i)))
            if (!names.Add(injection.Name)) throw new ScenarioException($"injections[{i}].name", $"'{injection.Name}' is used twice");
        var expectations = (d.Expectations ?? []).Select((x, i) => Expect(x, $"expectations[{i}]", names)).ToList();
        return new Scenario(
            string.IsNullOrWhiteSpace(d.Name) ? fallbackName : d.Name.Trim(),
            d.Description?.Trim() ?? "",
            d.GoodResponse?.Trim() ?? "",
            d.Seed ?? 1,
            d.Start,
            duration,
            tick,
            fleet,
            Traffic(d.Traffic),
            injections,
            (d.Actions ?? []).Select((x, i) => Act(x, $"actions[{i}]")).ToList(),
            expectations);
    }

    private static FleetGroup Group(FleetGroupDocument g, string path)
    {
        if (string.IsNullOrWhiteSpace(g.Domain)) throw new ScenarioException($"{path}.domain", "is required");
        if (g.Count is not ({ } count and >= 1 and <= 100_000)) throw new ScenarioException($"{path}.count", "must be from 1 to 100000");
        if (g.Rate is { } rate && (!double.IsFinite(rate) || rate < 0)) throw new ScenarioException($"{path}.rate", "must be >= 0 predictions per second");
        if (g.RetrainEvery is not (null or "none") && !Durations.TryParse(g.RetrainEvery, out _))
            throw new ScenarioException($"{path}.retrainEvery", "must be a duration such as 7d, or none");
        return new FleetGroup(g.Domain.Trim().ToLowerInvariant(), count, g.Owner, g.Team, g.Tags ?? [], g.DataSources ?? [],
            g.Rate, g.Thresholds ?? true, g.RetrainEvery ?? "7d");
    }

    private static TrafficSpec Traffic(TrafficDocument? t)
    {
        var rate = t?.Rate ?? 5;
        if (!double.IsFinite(rate) || rate < 0) throw new ScenarioException("traffic.rate", "must be >= 0 predictions per second");
        IReadOnlyList<double> shape = t?.HourlyShape?.ToArray() ?? (t?.Shape switch
        {
            null or "web" => WebShape,
            "flat" => Enumerable.Repeat(1.0, 24).ToArray(),
            _ => throw new ScenarioException("traffic.shape", "must be web or flat (or give hourlyShape)"),
        });
        if (shape.Count != 24 || shape.Any(x => !double.IsFinite(x) || x < 0))
            throw new ScenarioException("traffic.hourlyShape", "must hold 24 multipliers >= 0");
        var delay = Duration(t?.LabelDelay, "traffic.labelDelay") ?? TimeSpan.FromMinutes(2);
        return new TrafficSpec(rate, shape, delay);
    }

    private static Injection Inject(InjectionDocument x, string path, int index)
    {
        var fault = Enum(x.Fault, $"{path}.fault", FaultNames);
        var magnitude = x.Magnitude ?? DefaultMagnitude(fault);
        if (!double.IsFinite(magnitude) || magnitude < 0) throw new ScenarioException($"{path}.magnitude", "must be a finite number >= 0");
        if (fault is FaultKind.PipelineFailure && x.Mode is not (null or "missing" or "nan" or "stale" or "type"))
            throw new ScenarioException($"{path}.mode", "must be missing, nan, stale or type");
        if (fault is FaultKind.SegmentBias && string.IsNullOrWhiteSpace(x.Segment))
            throw new ScenarioException($"{path}.segment", "is required for segment-bias (e.g. 55+)");
        if (fault is FaultKind.UpstreamOutage && x.Targets?.DataSource is null)
            throw new ScenarioException($"{path}.targets.dataSource", "is required for upstream-outage: the shared source that fails");
        return new Injection(
            x.Name ?? $"{x.Fault}-{index + 1}",
            Duration(x.At, $"{path}.at", allowZero: true) ?? throw new ScenarioException($"{path}.at", "is required (offset from the start, e.g. 30m)"),
            fault,
            Targets(x.Targets, $"{path}.targets"),
            magnitude,
            Duration(x.Ramp, $"{path}.ramp", allowZero: true) ?? TimeSpan.Zero,
            Duration(x.Duration, $"{path}.duration"),
            x.Feature,
            x.Mode,
            x.Segment,
            Duration(x.Period, $"{path}.period"));
    }

    private static ScriptedAction Act(ActionDocument x, string path)
    {
        var action = Enum(x.Action, $"{path}.action", ActionNames);
        if (action == ActionKind.ForceLevel && x.Level is not (>= 1 and <= 5))
            throw new ScenarioException($"{path}.level", "must be a level from 1 to 5 for force-level");
        if (action == ActionKind.Rollout && !RolloutStages.TryParse(x.Stage, out _))
            throw new ScenarioException($"{path}.stage", "must be shadow, 1%, 5%, 10%, 25%, 100% or segment");
        var lasts = Duration(x.Duration, $"{path}.duration");
        if (action == ActionKind.Silence && lasts is null)
            throw new ScenarioException($"{path}.duration", "is required for silence: how long until it expires (e.g. 30m)");
        if (x.Rule is not null && action != ActionKind.Silence)
            throw new ScenarioException($"{path}.rule", "applies to silence only");
        if (x.Rule is not null && !AlertRuleNames.Contains(x.Rule))
            throw new ScenarioException($"{path}.rule", $"must be one of {string.Join(", ", AlertRuleNames)}");
        return new ScriptedAction(
            Duration(x.At, $"{path}.at", allowZero: true) ?? throw new ScenarioException($"{path}.at", "is required"),
            action, Targets(x.Targets, $"{path}.targets"), x.By ?? "scenario", x.Reason ?? "scripted", x.Level, x.Stage, lasts, x.Rule);
    }

    private static Expectation Expect(ExpectationDocument x, string path, HashSet<string> injections)
    {
        if (x.ReachesLevel is null && x.MaxLevel is null && x.EndsAtMostLevel is null)
            throw new ScenarioException(path, "needs one of reachesLevel, maxLevel, endsAtMostLevel");
        foreach (var (name, level) in new[] { ("reachesLevel", x.ReachesLevel), ("maxLevel", x.MaxLevel), ("endsAtMostLevel", x.EndsAtMostLevel) })
            if (level is not null and not (>= 1 and <= 5)) throw new ScenarioException($"{path}.{name}", "must be a level from 1 to 5");
        if (x.After is not null && !injections.Contains(x.After))
            throw new ScenarioException($"{path}.after", $"names no injection ('{x.After}')");
        return new Expectation(x.Description ?? path, Targets(x.Targets, $"{path}.targets"), x.ReachesLevel,
            Duration(x.Within, $"{path}.within"), x.After, x.MaxLevel, x.EndsAtMostLevel);
    }

    private static TargetSelector Targets(TargetDocument? t, string path)
    {
        if (t is null) return TargetSelector.Everyone;
        if (t.Percent is { } p && (!double.IsFinite(p) || p <= 0 || p > 100)) throw new ScenarioException($"{path}.percent", "must be in (0, 100]");
        return new TargetSelector(t.Ids ?? [], t.Domain?.ToLowerInvariant(), t.Tag, t.DataSource, t.Percent);
    }

    private static TimeSpan? Duration(string? text, string path, bool allowZero = false)
    {
        if (text is null) return null;
        if (allowZero && text.Trim() is "0" or "0s" or "0m") return TimeSpan.Zero;
        return Durations.TryParse(text, out var span) ? span : throw new ScenarioException(path, $"'{text}' is not a duration such as 90s, 10m, 6h or 2d");
    }

    private static readonly Dictionary<string, FaultKind> FaultNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["data-drift"] = FaultKind.DataDrift, ["concept-drift"] = FaultKind.ConceptDrift, ["seasonal-drift"] = FaultKind.SeasonalDrift,
        ["cold-start"] = FaultKind.ColdStart, ["launch"] = FaultKind.Launch, ["pipeline-failure"] = FaultKind.PipelineFailure,
        ["upstream-outage"] = FaultKind.UpstreamOutage, ["latency-spike"] = FaultKind.LatencySpike, ["timeouts"] = FaultKind.Timeouts,
        ["serving-outage"] = FaultKind.ServingOutage, ["label-delay"] = FaultKind.LabelDelay, ["feedback-loop"] = FaultKind.FeedbackLoop,
        ["segment-bias"] = FaultKind.SegmentBias, ["traffic-drop"] = FaultKind.TrafficDrop,
    };

    private static readonly Dictionary<string, ActionKind> ActionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["retrain"] = ActionKind.Retrain, ["rollback"] = ActionKind.Rollback, ["force-level"] = ActionKind.ForceLevel,
        ["release"] = ActionKind.Release, ["kill-switch"] = ActionKind.KillSwitch, ["rollout"] = ActionKind.Rollout,
        ["acknowledge"] = ActionKind.Acknowledge, ["silence"] = ActionKind.Silence,
    };

    /// <summary>The alerts a silence may name: every alert the default rule set raises.</summary>
    private static readonly string[] AlertRuleNames = [.. Monitoring.Alerts.DefaultAlertRules.Set.AlertNames()];

    public static string NameOf(FaultKind kind) => FaultNames.First(kv => kv.Value == kind).Key;

    public static string NameOf(ActionKind kind) => ActionNames.First(kv => kv.Value == kind).Key;

    public static bool TryParseAction(string? text, out ActionKind kind) => ActionNames.TryGetValue(text ?? "", out kind);

    public static bool TryParseFault(string? text, out FaultKind kind) => FaultNames.TryGetValue(text ?? "", out kind);

    private static T Enum<T>(string? text, string path, Dictionary<string, T> names) =>
        text is not null && names.TryGetValue(text, out var value) ? value
        : throw new ScenarioException(path, $"must be one of {string.Join(", ", names.Keys)}");

    private static double DefaultMagnitude(FaultKind fault) => fault switch
    {
        FaultKind.DataDrift => 1.5,
        FaultKind.ConceptDrift => 1.0,
        FaultKind.SeasonalDrift => 0.8,
        FaultKind.ColdStart => 0.4,
        FaultKind.LatencySpike => 4,
        FaultKind.Timeouts => 0.1,
        FaultKind.ServingOutage => 0.6,
        FaultKind.LabelDelay => 20,
        FaultKind.TrafficDrop => 0.8,
        _ => 1.0,
    };
}
