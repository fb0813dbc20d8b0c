using System.Globalization;
using Fleet.Models;
using Fleet.Simulation.Faults;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// Reads a scenario file and checks every field, naming the first one that is wrong by its path and
/// saying why in plain words: syntax, unknown fields, types, times, ranges, the limits in
/// <see cref="ScenarioLimits"/>, and anything that could not have an effect (an injection after the end,
/// targets that match no model, a segment or feature the fleet does not have).
/// </summary>
public static class ScenarioLoader
{
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
        var root = YamlTree.Parse(yaml) ?? throw new ScenarioException("file", "is empty");
        return Convert(ScenarioReader.Read<ScenarioDocument>(root), fallbackName);
    }

    private static Scenario Convert(ScenarioDocument d, string fallbackName)
    {
        var entries = d.Fleet ?? throw new ScenarioException("fleet", "is required: a list of {domain, count} or {recording}");
        var fleet = entries.Select((g, i) => (g, i)).Where(e => e.g.Recording is null).Select(e => Group(e.g, $"fleet[{e.i}]")).ToList();
        var recordings = Recordings(entries);
        if (fleet.Count == 0 && recordings.Count == 0) throw new ScenarioException("fleet", "lists no model");
        var models = fleet.Sum(g => (long)g.Count);
        if (models > ScenarioLimits.MaxModels) throw new ScenarioException("fleet", $"makes {models:N0} models; at most {ScenarioLimits.MaxModels:N0} may run");

        // Without a duration a run of recordings lasts as long as they do (zero until the host has read them).
        var duration = ScenarioDurations.Read(d.Duration, "duration")
            ?? (recordings.Count > 0 ? TimeSpan.Zero : throw new ScenarioException("duration", "is required (e.g. 6h)"));
        if (duration > ScenarioLimits.MaxDuration) throw new ScenarioException("duration", $"is longer than {ScenarioLimits.MaxDuration.TotalDays:0} days");
        var tick = ScenarioDurations.Read(d.Tick, "tick") ?? TimeSpan.FromSeconds(10);
        if (tick < ScenarioLimits.MinTick) throw new ScenarioException("tick", $"must be at least {ScenarioLimits.MinTick.TotalSeconds:0}s");
        if (tick > duration && duration > TimeSpan.Zero) throw new ScenarioException("tick", "is longer than the duration");
        if (duration.Ticks / tick.Ticks > ScenarioLimits.MaxTicks)
            throw new ScenarioException("tick", $"is too small for the duration: {duration.Ticks / tick.Ticks:N0} ticks; at most {ScenarioLimits.MaxTicks:N0} (make the tick longer)");

        var traffic = Traffic(d.Traffic);
        var timeline = new ScenarioTimeline(FleetRoster.Of(fleet), duration);
        var injections = (d.Injections ?? []).Select((x, i) => timeline.Inject(x, $"injections[{i}]", i)).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (injection, i) in injections.Select((x, i) => (x, i)))
            if (!names.Add(injection.Name)) throw new ScenarioException($"injections[{i}].name", $"'{injection.Name}' is used twice");
        CheckLoad(fleet, traffic, tick, injections);

        var expectations = (d.Expectations ?? []).Select((x, i) => timeline.Expect(x, $"expectations[{i}]", injections)).ToList();
        return new Scenario(
            string.IsNullOrWhiteSpace(d.Name) ? fallbackName : d.Name.Trim(),
            d.Description?.Trim() ?? "",
            d.GoodResponse?.Trim() ?? "",
            d.Seed ?? 1,
            Start(d.Start),
            duration,
            tick,
            fleet,
            traffic,
            injections,
            (d.Actions ?? []).Select((x, i) => timeline.Act(x, $"actions[{i}]")).ToList(),
            expectations,
            (d.IdealResponse ?? []).Select((x, i) => Ideal(timeline, x, $"idealResponse[{i}]")).ToList(),
            (d.DecisionPoints ?? []).Select((x, i) => Decision(x, $"decisionPoints[{i}]", duration, expectations)).OrderBy(p => p.At ?? TimeSpan.MaxValue).ToList())
        {
            Recordings = recordings,
        };
    }

    /// <summary>The fleet's <c>recording:</c> entries: an id each, named once, and nothing else in the entry.</summary>
    private static List<string> Recordings(List<FleetGroupDocument> entries)
    {
        var ids = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var g = entries[i];
            if (g.Recording is null) continue;
            var path = $"fleet[{i}].recording";
            if (World.Problem(g.Recording) is { } problem) throw new ScenarioException(path, problem);
            if (g.Domain is not null || g.Count is not null || g.Owner is not null || g.Team is not null || g.Tags is not null
                || g.DataSources is not null || g.Rate is not null || g.Thresholds is not null || g.RetrainEvery is not null || g.Candidate is not null)
                throw new ScenarioException(path, "plays a recording's own models: the entry takes no other field");
            if (ids.Contains(g.Recording, StringComparer.Ordinal)) throw new ScenarioException(path, $"'{g.Recording}' is listed twice");
            ids.Add(g.Recording);
        }
        return ids;
    }

    public const int MaxQuestion = 1000, MaxChoices = 10, MaxChoice = 200;

    /// <summary>The <c>when:</c> of a decision point asked as each team's first page fires.</summary>
    public const string FirstPage = "first-page";

    private static DecisionPoint Decision(DecisionPointDocument x, string path, TimeSpan duration, IReadOnlyList<Expectation> expectations)
    {
        var expectation = x.When is null or FirstPage ? (int?)null : Awaited(x.When, $"{path}.when", expectations);
        if (x.When is not null && x.At is not null) throw new ScenarioException($"{path}.when", "is given beside at: a decision point has one trigger");
        var at = x.When is not null ? (TimeSpan?)null
            : ScenarioDurations.Read(x.At, $"{path}.at") ?? throw new ScenarioException($"{path}.at", $"is required: when every team's run stops (e.g. 20m), or when: {FirstPage} or an expectation");
        if (at >= duration) throw new ScenarioException($"{path}.at", "is at or after the end of the run: the question would never be asked");
        if (string.IsNullOrWhiteSpace(x.Question) || x.Question.Length > MaxQuestion)
            throw new ScenarioException($"{path}.question", $"is required: 1 to {MaxQuestion} characters");
        var choices = x.Choices ?? [];
        if (choices.Count > MaxChoices) throw new ScenarioException($"{path}.choices", $"holds {choices.Count}; at most {MaxChoices}");
        for (var i = 0; i < choices.Count; i++)
            if (string.IsNullOrWhiteSpace(choices[i]) || choices[i].Length > MaxChoice)
                throw new ScenarioException($"{path}.choices[{i}]", $"must be 1 to {MaxChoice} characters");
        return new DecisionPoint(at, x.Question.Trim(), [.. choices.Select(c => c.Trim())]) { Expectation = expectation };
    }

    /// <summary>
    /// The expectation a decision point waits for, named by its description or as <c>expectations[N]</c>. Only a level
    /// reached has a moment it first holds: a maximum or a final level holds from the start, a rollout verdict comes at the end.
    /// </summary>
    private static int Awaited(string when, string path, IReadOnlyList<Expectation> expectations)
    {
        var named = expectations.Select((e, i) => (e, i)).Where(p => p.e.Description == when || $"expectations[{p.i}]" == when).ToList();
        if (named.Count == 0)
            throw new ScenarioException(path, $"must be {FirstPage} or name one of the scenario's expectations (its description, or expectations[N]); '{Short(when)}' is neither");
        if (named.Count > 1) throw new ScenarioException(path, $"names {named.Count} expectations of that description: write expectations[N]");
        var (expectation, index) = named[0];
        if (expectation.ReachesLevel is null)
            throw new ScenarioException(path, $"names expectations[{index}], which has no reachesLevel: only a level reached has a moment it first holds");
        return index;
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "...";

    /// <summary>
    /// A step of the ideal response is checked as a scripted action taken at its <c>before</c> time (the latest it
    /// should happen), since that is how the ideal run plays it; an error names its own fields.
    /// </summary>
    private static ScriptedAction Ideal(ScenarioTimeline timeline, IdealActionDocument x, string path)
    {
        if (x.Before is null) throw new ScenarioException($"{path}.before", "is required: the time by which the action should happen (e.g. 45m)");
        try
        {
            return timeline.Act(new ActionDocument { At = x.Before, Action = x.Action, Targets = x.Targets, Level = x.Level, Stage = x.Stage,
                By = "ideal response", Reason = "the scenario's ideal response" }, path);
        }
        catch (ScenarioException e) when (e.Field == $"{path}.at")
        {
            throw new ScenarioException($"{path}.before", e.Reason);
        }
    }

    private static FleetGroup Group(FleetGroupDocument g, string path)
    {
        if (string.IsNullOrWhiteSpace(g.Domain)) throw new ScenarioException($"{path}.domain", "is required");
        if (g.Count is not ({ } count and >= 1 and <= ScenarioLimits.MaxModels))
            throw new ScenarioException($"{path}.count", $"must be from 1 to {ScenarioLimits.MaxModels}");
        if (g.Rate is { } rate && rate is < 0 or > ScenarioLimits.MaxRatePerSecond)
            throw new ScenarioException($"{path}.rate", $"must be from 0 to {ScenarioLimits.MaxRatePerSecond:0} predictions per second");
        if (g.RetrainEvery is not (null or "none") && !Fleet.Models.Durations.TryParse(g.RetrainEvery, out _))
            throw new ScenarioException($"{path}.retrainEvery", "must be a duration such as 7d, or none");
        if (g.Tags?.FirstOrDefault(string.IsNullOrWhiteSpace) is not null) throw new ScenarioException($"{path}.tags", "holds an empty tag");
        if (g.DataSources?.FirstOrDefault(string.IsNullOrWhiteSpace) is not null) throw new ScenarioException($"{path}.dataSources", "holds an empty source");
        return new FleetGroup(g.Domain.Trim().ToLowerInvariant(), count, g.Owner, g.Team, g.Tags ?? [], g.DataSources ?? [],
            g.Rate, g.Thresholds ?? true, g.RetrainEvery ?? "7d")
        {
            Candidate = g.Candidate is { } c ? Candidate(c, $"{path}.candidate") : null,
        };
    }

    /// <summary>A candidate beside the registered version "1": in shadow (every request, served to nobody) or at a stage serving some traffic, weak in one segment at most.</summary>
    private static ScenarioCandidate Candidate(CandidateDocument c, string path)
    {
        if (string.IsNullOrWhiteSpace(c.Version) || c.Version.Length > 64)
            throw new ScenarioException($"{path}.version", "is required: 1 to 64 characters");
        if (c.Version.Trim() == "1") throw new ScenarioException($"{path}.version", "is the registered version's (1): a candidate is another one");
        if (!RolloutStages.TryParse(c.Stage, out var stage) || stage is RolloutStage.Full or RolloutStage.Segment)
            throw new ScenarioException($"{path}.stage", "must be one of shadow, 1%, 5%, 10%, 25%");
        if (c.WeakFlip is { } flip && flip is not (>= 0 and <= 1))
            throw new ScenarioException($"{path}.weakFlip", "must be a share from 0 to 1 of the weak segment's answers");
        if (c.WeakFlip is not null && string.IsNullOrWhiteSpace(c.WeakSegment))
            throw new ScenarioException($"{path}.weakSegment", "is required with weakFlip");
        if (c.WeakSegment is not null && !SimulatedModel.Segments.Contains(c.WeakSegment.Trim()))
            throw new ScenarioException($"{path}.weakSegment", $"'{c.WeakSegment}' is not a segment of the simulated traffic ({string.Join(", ", SimulatedModel.Segments)})");
        return new ScenarioCandidate(c.Version.Trim(), stage, c.WeakSegment?.Trim(), c.WeakFlip ?? 0);
    }

    private static TrafficSpec Traffic(TrafficDocument? t)
    {
        var rate = t?.Rate ?? 5;
        if (rate is < 0 or > ScenarioLimits.MaxRatePerSecond)
            throw new ScenarioException("traffic.rate", $"must be from 0 to {ScenarioLimits.MaxRatePerSecond:0} predictions per second");
        if (t?.HourlyShape is not null && t.Shape is not null) throw new ScenarioException("traffic.shape", "and hourlyShape are both given: keep one");
        IReadOnlyList<double> shape = t?.HourlyShape?.ToArray() ?? (t?.Shape switch
        {
            null or "web" => WebShape,
            "flat" => Enumerable.Repeat(1.0, 24).ToArray(),
            _ => throw new ScenarioException("traffic.shape", "must be web or flat (or give hourlyShape)"),
        });
        if (shape.Count != 24) throw new ScenarioException("traffic.hourlyShape", $"must hold 24 multipliers, one per hour (it holds {shape.Count})");
        if (shape.Any(x => x is < 0 or > 100)) throw new ScenarioException("traffic.hourlyShape", "must hold multipliers from 0 to 100");
        var delay = ScenarioDurations.Read(t?.LabelDelay, "traffic.labelDelay") ?? TimeSpan.FromMinutes(2);
        if (delay > ScenarioLimits.MaxLabelDelay) throw new ScenarioException("traffic.labelDelay", $"must be at most {ScenarioLimits.MaxLabelDelay.TotalDays:0} days");
        var holdout = t?.Holdout ?? 0;
        if (holdout is < 0 or > 0.5) throw new ScenarioException("traffic.holdout", "must be a share from 0 to 0.5 of the requests");
        return new TrafficSpec(rate, shape, delay, t?.Responses ?? false, holdout);
    }

    /// <summary>What the fleet holds in memory at its busiest: one tick's batches, and the labels not yet due.</summary>
    private static void CheckLoad(IReadOnlyList<FleetGroup> fleet, TrafficSpec traffic, TimeSpan tick, IReadOnlyList<Injection> injections)
    {
        var peak = fleet.Sum(g => g.Count * (g.RatePerSecond ?? traffic.RatePerSecond)) * traffic.HourlyShape.Max();
        if (peak * tick.TotalSeconds > ScenarioLimits.MaxPredictionsPerTick)
            throw new ScenarioException("tick", $"holds {peak * tick.TotalSeconds:N0} predictions per tick at peak; at most {ScenarioLimits.MaxPredictionsPerTick:N0} " +
                "(shorten the tick, or lower the rate or the count)");
        var slowest = injections.Where(i => i.Fault == FaultKind.LabelDelay).Aggregate(1.0, (factor, i) => factor * (1 + i.Magnitude));
        if (peak * traffic.LabelDelay.TotalSeconds * slowest > ScenarioLimits.MaxPendingLabels)
            throw new ScenarioException("traffic.labelDelay", $"keeps {peak * traffic.LabelDelay.TotalSeconds * slowest:N0} labels waiting at peak; at most {ScenarioLimits.MaxPendingLabels:N0}");
    }

    private static DateTimeOffset? Start(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && at.Year is >= 1970 and <= 9000 ? at
        : throw new ScenarioException("start", $"'{text}' is not a time such as 2026-01-05T00:00:00Z");

    private static readonly Dictionary<string, FaultKind> FaultNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["data-drift"] = FaultKind.DataDrift, ["concept-drift"] = FaultKind.ConceptDrift, ["seasonal-drift"] = FaultKind.SeasonalDrift,
        ["cold-start"] = FaultKind.ColdStart, ["launch"] = FaultKind.Launch, ["pipeline-failure"] = FaultKind.PipelineFailure,
        ["upstream-outage"] = FaultKind.UpstreamOutage, ["latency-spike"] = FaultKind.LatencySpike, ["timeouts"] = FaultKind.Timeouts,
        ["serving-outage"] = FaultKind.ServingOutage, ["label-delay"] = FaultKind.LabelDelay, ["feedback-loop"] = FaultKind.FeedbackLoop,
        ["segment-bias"] = FaultKind.SegmentBias, ["traffic-drop"] = FaultKind.TrafficDrop,
    };

    public static IEnumerable<string> FaultNamesList => FaultNames.Keys;

    public static string NameOf(FaultKind kind) => FaultNames.First(kv => kv.Value == kind).Key;

    public static bool TryParseFault(string? text, out FaultKind kind) => FaultNames.TryGetValue(text ?? "", out kind);
}
