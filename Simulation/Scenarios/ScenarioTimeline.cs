using Fleet.Actions;
using Fleet.Models;
using Fleet.Simulation.Faults;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// Checks a scenario's injections, actions and expectations against its fleet and duration: every
/// target must match a model, every time must fall before the end, every magnitude must be one the
/// fault can take. A manual injection into a running run goes through the same checks.
/// </summary>
public sealed class ScenarioTimeline(IReadOnlyList<RosterEntry> roster, TimeSpan duration)
{
    /// <param name="idsPath">Where the target ids were written (a manual injection names them in "models").</param>
    public Injection Inject(InjectionDocument x, string path, int index, string? idsPath = null)
    {
        var fault = Name<FaultKind>(x.Fault, Field(path, "fault"), ScenarioLoader.TryParseFault, ScenarioLoader.FaultNamesList);
        var at = ScenarioDurations.Read(x.At, Field(path, "at"), allowZero: true) ?? throw new ScenarioException(Field(path, "at"), "is required (offset from the start, e.g. 30m)");
        if (at >= duration) throw new ScenarioException(Field(path, "at"), $"is at or after the end of the run ({Durations.Format(duration)}): the fault would never act");
        OnlyFor(fault, FaultKind.PipelineFailure, x.Feature, path, "feature");
        OnlyFor(fault, FaultKind.PipelineFailure, x.Mode, path, "mode");
        OnlyFor(fault, FaultKind.SegmentBias, x.Segment, path, "segment");
        OnlyFor(fault, FaultKind.SeasonalDrift, x.Period, path, "period");
        if (x.Feature is not null && !SimulatedModel.FeatureNames.Contains(x.Feature))
            throw new ScenarioException(Field(path, "feature"), $"'{x.Feature}' is not a feature of the simulated models ({string.Join(", ", SimulatedModel.FeatureNames)})");
        if (x.Mode is not (null or "missing" or "nan" or "stale" or "type"))
            throw new ScenarioException(Field(path, "mode"), "must be missing, nan, stale or type");
        if (fault is FaultKind.SegmentBias && string.IsNullOrWhiteSpace(x.Segment))
            throw new ScenarioException(Field(path, "segment"), $"is required for segment-bias: one of {string.Join(", ", SimulatedModel.Segments)}");
        if (x.Segment is not null && !SimulatedModel.Segments.Contains(x.Segment))
            throw new ScenarioException(Field(path, "segment"), $"'{x.Segment}' is not a segment of the simulated traffic ({string.Join(", ", SimulatedModel.Segments)})");
        if (fault is FaultKind.UpstreamOutage && x.Targets?.DataSource is null)
            throw new ScenarioException(Field(path, "targets.dataSource"), "is required for upstream-outage: the shared source that fails");
        var period = ScenarioDurations.Read(x.Period, Field(path, "period"));
        if (period < TimeSpan.FromMinutes(1)) throw new ScenarioException(Field(path, "period"), "must be at least 1m");
        var lasts = ScenarioDurations.Read(x.Duration, Field(path, "duration"));
        var ramp = ScenarioDurations.Read(x.Ramp, Field(path, "ramp"), allowZero: true) ?? TimeSpan.Zero;
        if (lasts is { } d && ramp > d) throw new ScenarioException(Field(path, "ramp"), "is longer than the injection's duration: it would never reach full strength");
        var magnitude = x.Magnitude ?? DefaultMagnitude(fault);
        var (low, high) = MagnitudeRange(fault);
        if (magnitude < low || magnitude > high)
            throw new ScenarioException(Field(path, "magnitude"), $"must be from {low} to {high} for {ScenarioLoader.NameOf(fault)}{(high == 1 ? " (a share of requests)" : "")}");
        var targets = Targets(x.Targets, Field(path, "targets"), idsPath);
        if (fault == FaultKind.FeedbackLoop && !roster.Any(m => m.Matches(targets) && DomainDefaults.For(m.Group.Domain).Metric == QualityMetricKind.Relevance))
            throw new ScenarioException(Field(path, "targets"), "match no recommender: a feedback loop narrows what a recommender shows (item categories) and acts on nothing else");
        return new Injection(x.Name ?? $"{x.Fault}-{index + 1}", at, fault, targets, magnitude, ramp, lasts, x.Feature, x.Mode, x.Segment, period);
    }

    public ScriptedAction Act(ActionDocument x, string path)
    {
        var arguments = new ActionArguments(x.By ?? "scenario", x.Reason ?? "scripted", x.Level, x.Stage, x.Duration, x.Rule);
        var (action, error) = OperatorActions.Validate(x.Action, ActionTarget.Model, arguments);
        if (error is not null) throw new ScenarioException(Field(path, error.Field), error.Reason);
        if (x.Rule is not null && !AlertRuleNames.Contains(x.Rule))
            throw new ScenarioException(Field(path, "rule"), $"must be one of {string.Join(", ", AlertRuleNames)}");
        var at = ScenarioDurations.Read(x.At, Field(path, "at"), allowZero: true) ?? throw new ScenarioException(Field(path, "at"), "is required");
        if (at >= duration) throw new ScenarioException(Field(path, "at"), $"is at or after the end of the run ({Durations.Format(duration)}): the action would never happen");
        return new ScriptedAction(at, action!.Kind, Targets(x.Targets, Field(path, "targets")), arguments);
    }

    public Expectation Expect(ExpectationDocument x, string path, IReadOnlyList<Injection> injections)
    {
        if (x.ReachesLevel is null && x.MaxLevel is null && x.EndsAtMostLevel is null && x.Rollout is null)
            throw new ScenarioException(path, "needs one of reachesLevel, maxLevel, endsAtMostLevel, rollout");
        foreach (var (name, level) in new[] { ("reachesLevel", x.ReachesLevel), ("maxLevel", x.MaxLevel), ("endsAtMostLevel", x.EndsAtMostLevel) })
            if (level is not null and not (>= 1 and <= 5)) throw new ScenarioException(Field(path, name), "must be a level from 1 to 5");
        if (x.After is not null && injections.All(i => i.Name != x.After))
            throw new ScenarioException(Field(path, "after"), $"names no injection ('{x.After}')");
        var within = ScenarioDurations.Read(x.Within, Field(path, "within"));
        if ((within is not null || x.After is not null) && x.ReachesLevel is null)
            throw new ScenarioException(Field(path, within is not null ? "within" : "after"), "applies to reachesLevel only");
        var targets = Targets(x.Targets, Field(path, "targets"));
        return new Expectation(x.Description ?? path, targets, x.ReachesLevel, within, x.After, x.MaxLevel, x.EndsAtMostLevel)
        {
            Rollout = x.Rollout is { } r ? Rollout(r, path, targets) : null,
        };
    }

    private static readonly Dictionary<string, string> Verdicts = new(StringComparer.Ordinal)
    {
        ["promote"] = "promote", ["hold"] = "hold", ["roll-back"] = "roll back",
    };

    /// <summary>A verdict the monitor can give, about models that all roll out a candidate.</summary>
    private ExpectedRollout Rollout(RolloutExpectationDocument r, string path, TargetSelector targets)
    {
        if (!Verdicts.TryGetValue(r.Verdict ?? "", out var verdict))
            throw new ScenarioException(Field(path, "rollout.verdict"), "must be promote, hold or roll-back");
        if (roster.Any(m => m.Matches(targets) && m.Group.Candidate is null))
            throw new ScenarioException(Field(path, "targets"), "include a model that rolls out no candidate (give its fleet group a candidate)");
        if (r.Segment is not null && !SimulatedModel.Segments.Contains(r.Segment.Trim()))
            throw new ScenarioException(Field(path, "rollout.segment"), $"'{r.Segment}' is not a segment of the simulated traffic ({string.Join(", ", SimulatedModel.Segments)})");
        return new ExpectedRollout(verdict, r.Segment?.Trim());
    }

    /// <summary>A selector that matches at least one model of the fleet; each part is checked on its own first, to name the one at fault.</summary>
    public TargetSelector Targets(TargetDocument? t, string path, string? idsPath = null)
    {
        if (t is null) return TargetSelector.Everyone;
        if (t.Percent is { } p && p is <= 0 or > 100) throw new ScenarioException(Field(path, "percent"), "must be in (0, 100]");
        var ids = t.Ids ?? [];
        for (var i = 0; i < ids.Count; i++)
            if (roster.All(m => m.Id != ids[i]))
                throw new ScenarioException($"{idsPath ?? Field(path, "ids")}[{i}]", $"'{ids[i]}' is not a model of this fleet (ids are <domain>-001, <domain>-002, ...)");
        var domain = t.Domain?.Trim().ToLowerInvariant();
        if (domain is not null && roster.All(m => m.Group.Domain != domain))
            throw new ScenarioException(Field(path, "domain"), $"'{t.Domain}' is no domain of this fleet ({string.Join(", ", roster.Select(m => m.Group.Domain).Distinct())})");
        if (t.Tag is not null && roster.All(m => !m.Group.Tags.Contains(t.Tag)))
            throw new ScenarioException(Field(path, "tag"), $"no model of this fleet has the tag '{t.Tag}'");
        if (t.DataSource is not null && roster.All(m => !m.DataSources.Contains(t.DataSource)))
            throw new ScenarioException(Field(path, "dataSource"), $"no model of this fleet reads the source '{t.DataSource}'");
        var selector = new TargetSelector(ids, domain, t.Tag, t.DataSource, t.Percent);
        if (!roster.Any(m => m.Matches(selector))) throw new ScenarioException(path, "match no model together (each part matches some, but no model matches all)");
        return selector;
    }

    private static void OnlyFor(FaultKind fault, FaultKind owner, string? value, string path, string name)
    {
        if (value is not null && fault != owner)
            throw new ScenarioException(Field(path, name), $"applies to {ScenarioLoader.NameOf(owner)} only: it would have no effect on {ScenarioLoader.NameOf(fault)}");
    }

    private static string Field(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private delegate bool TryParse<T>(string? text, out T value);

    private static T Name<T>(string? text, string path, TryParse<T> parse, IEnumerable<string> names) =>
        parse(text, out var value) ? value : throw new ScenarioException(path, $"must be one of {string.Join(", ", names)}");

    /// <summary>The alerts a silence may name: every alert the default rule set raises.</summary>
    private static readonly string[] AlertRuleNames = [.. Monitoring.Alerts.DefaultAlertRules.Set.AlertNames()];

    /// <summary>Shares of requests or events go to 1; strengths and factors to bounds past which the simulated world stops making sense.</summary>
    private static (double Low, double High) MagnitudeRange(FaultKind fault) => fault switch
    {
        FaultKind.ColdStart or FaultKind.PipelineFailure or FaultKind.UpstreamOutage or FaultKind.Timeouts or FaultKind.ServingOutage
            or FaultKind.FeedbackLoop or FaultKind.SegmentBias or FaultKind.TrafficDrop => (0, 1),
        FaultKind.DataDrift or FaultKind.ConceptDrift or FaultKind.SeasonalDrift or FaultKind.Launch => (0, 20),
        FaultKind.LatencySpike => (0, 1000),
        FaultKind.LabelDelay => (0, 1000),
        _ => (0, 1),
    };

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
