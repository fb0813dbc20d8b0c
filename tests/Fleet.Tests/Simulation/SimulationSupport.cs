using System.Globalization;
using Fleet.Events;
using Fleet.Models;
using Fleet.Simulation;
using Fleet.Simulation.Faults;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Snapshots;

namespace Fleet.Tests.Simulation;

/// <summary>
/// What a simulated model emitted over a stretch of event time: its predictions and the outcomes that
/// came back for them. Everything the tests measure comes from these events, never from the
/// simulator's hidden concepts.
/// </summary>
internal sealed record Trace(List<PredictionEvent> Predictions, List<OutcomeEvent> Outcomes)
{
    /// <summary>Outcomes joined to their predictions by id, as the monitor joins them.</summary>
    public List<(PredictionEvent Prediction, OutcomeEvent Outcome)> Joined()
    {
        var byId = Predictions.ToDictionary(p => p.PredictionId, StringComparer.Ordinal);
        return Outcomes.Where(o => byId.ContainsKey(o.PredictionId)).Select(o => (byId[o.PredictionId], o)).ToList();
    }

    public Trace Between(DateTimeOffset from, DateTimeOffset to) =>
        new(Predictions.Where(p => p.Timestamp >= from && p.Timestamp < to).ToList(), Outcomes);

    public Trace Where(Func<PredictionEvent, bool> predicate) => new(Predictions.Where(predicate).ToList(), Outcomes);
}

internal static class Sim
{
    public static readonly DateTimeOffset T0 = RunOptions.DefaultStart; // a Monday, 00:00 UTC
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);
    public static readonly double[] Flat = Enumerable.Repeat(1.0, 24).ToArray();
    public static readonly string[] NumericFeatures = ["f1", "f2", "f3", "f4"];

    /// <summary>One simulated model on its own, outside any run: the unit the fault tests exercise.</summary>
    public static SimulatedModel Model(string domain, int seed = 7, double rate = 10, TimeSpan? labelDelay = null,
        IReadOnlyList<string>? sources = null, string? id = null)
    {
        var profile = DomainDefaults.For(domain);
        var modelId = id ?? $"{domain}-001";
        return new SimulatedModel(seed, modelId, modelId, domain, profile.Metric, rate, sources ?? [], [],
            labelDelay ?? TimeSpan.FromMinutes(2));
    }

    /// <summary>Effects made of the given injections at full intensity.</summary>
    public static FaultEffects Effects(params Injection[] injections)
    {
        var effects = new FaultEffects();
        foreach (var injection in injections) effects.Add(injection, 1);
        return effects;
    }

    public static Injection Fault(FaultKind kind, double magnitude, string? feature = null, string? mode = null,
        string? segment = null, TimeSpan? period = null, string? dataSource = null) =>
        new(kind.ToString(), TimeSpan.Zero, kind, new TargetSelector([], null, null, dataSource, null), magnitude, TimeSpan.Zero,
            null, feature, mode, segment, period);

    /// <summary>
    /// Lets the model serve for <paramref name="duration"/> of flat traffic, tick by tick, with the effects the
    /// function gives for each tick's offset; then, with no more traffic, collects every outcome still owed.
    /// </summary>
    public static Trace Generate(SimulatedModel model, TimeSpan duration, Func<TimeSpan, FaultEffects>? effects = null,
        DateTimeOffset? start = null)
    {
        var from = start ?? T0;
        var predictions = new List<PredictionEvent>();
        var outcomes = new List<OutcomeEvent>();
        var healthy = new FaultEffects();
        for (var offset = TimeSpan.Zero; offset < duration; offset += Tick)
        {
            var (p, o) = model.Generate(from + offset, Tick, Flat, effects?.Invoke(offset) ?? healthy);
            predictions.AddRange(p);
            outcomes.AddRange(o);
        }
        var silent = new FaultEffects { TrafficFactor = 0 };
        for (var offset = duration; model.PendingOutcomes > 0; offset += Tick)
        {
            var (p, o) = model.Generate(from + offset, Tick, Flat, silent);
            Assert.Empty(p);
            outcomes.AddRange(o);
        }
        return new Trace(predictions, outcomes);
    }

    public static Trace Generate(SimulatedModel model, TimeSpan duration, FaultEffects effects, DateTimeOffset? start = null) =>
        Generate(model, duration, _ => effects, start);

    /// <summary>The quality metric as the monitor defines it (QualityCounts), from joined events.</summary>
    public static double Quality(QualityMetricKind metric, IEnumerable<(PredictionEvent Prediction, OutcomeEvent Outcome)> joined,
        double decisionThreshold = 0.5)
    {
        long n = 0, tp = 0, fp = 0, fn = 0;
        double absolute = 0;
        foreach (var (p, o) in joined)
        {
            var score = p.Score ?? throw new InvalidOperationException($"{p.PredictionId} has an outcome but no score");
            var predicted = score >= decisionThreshold;
            var actual = o.Label >= 0.5;
            n++;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            absolute += Math.Abs(score - o.Label);
        }
        var tn = n - tp - fp - fn;
        return metric switch
        {
            QualityMetricKind.Accuracy => (double)(tp + tn) / n,
            QualityMetricKind.Precision => (double)tp / (tp + fp),
            QualityMetricKind.Recall => (double)tp / (tp + fn),
            QualityMetricKind.Relevance => (double)(tp + fn) / n,
            QualityMetricKind.Mae => absolute / n,
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
    }

    public static double Quality(this Trace trace, QualityMetricKind metric) => Quality(metric, trace.Joined());

    public static IEnumerable<double> Numbers(this IEnumerable<PredictionEvent> predictions, string feature) =>
        predictions.Select(p => p.Features![feature].Number).Where(v => v is not null).Select(v => v!.Value);

    public static double Mean(this IEnumerable<double> values) => Enumerable.Average(values);

    public static double Sd(this IEnumerable<double> values)
    {
        var list = values as IReadOnlyList<double> ?? values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }

    public static double Share<T>(this IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        (double)items.Count(predicate) / items.Count;

    /// <summary>The q-quantile (0..1) by the nearest-rank rule.</summary>
    public static double Percentile(this IEnumerable<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static bool IsMissing(this PredictionEvent p, string feature) =>
        p.Features![feature] is { Number: null, Category: null };

    /// <summary>A prediction in a comparable text form (records holding dictionaries compare by reference).</summary>
    public static string Describe(PredictionEvent p) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{p.Timestamp.UtcTicks}|{p.PredictionId}|{p.Segment}|{p.Score}|{p.LatencyMs}|{p.ServedLevel}|{p.Fallback}|{p.Error}|{p.Timeout}|")
        + string.Join(",", ((IEnumerable<KeyValuePair<string, FeatureValue>>?)p.Features ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value.Number}/{kv.Value.Category}")));

    // ----- runs -----

    public static Scenario Parse(string yaml) => ScenarioLoader.Parse(yaml);

    /// <summary>Plays a whole scenario as fast as possible on plain monitors, recording every call the run makes.</summary>
    public static async Task<(ScenarioRun Run, RecordingSink Sink)> RunAsync(string yaml, RunOptions? options = null)
    {
        var sink = new RecordingSink(new MonitorFleetSink());
        var run = new ScenarioRun(Parse(yaml), options ?? new RunOptions(), sink);
        await run.RunAsync(CancellationToken.None);
        return (run, sink);
    }

    /// <summary>Steps a run until its virtual clock reaches <paramref name="offset"/> from its start.</summary>
    public static async Task StepUntil(this ScenarioRun run, TimeSpan offset)
    {
        while (!run.Finished && run.Clock.Now < run.Start + offset) await run.StepAsync();
    }
}

/// <summary>
/// A sink that passes everything to another one and remembers what went through: the batches the
/// simulator emitted (with the level the monitor answered), registrations and forced levels.
/// </summary>
internal sealed class RecordingSink(IFleetSink inner) : IFleetSink
{
    public sealed record Batch(string Model, EventBatch Events, int LevelAfter);

    public IFleetSink Inner { get; } = inner;
    public MonitorFleetSink Monitors => (MonitorFleetSink)Inner;
    public List<Batch> Batches { get; } = [];
    public List<ModelDefinition> Registrations { get; } = [];
    public List<(string Model, DegradationLevel? Level, string By, string Reason, DateTimeOffset At)> Forces { get; } = [];

    public Task Register(ModelDefinition definition)
    {
        lock (Registrations) Registrations.Add(definition);
        return Inner.Register(definition);
    }

    public async Task<IngestResult> Ingest(string model, EventBatch batch)
    {
        var result = await Inner.Ingest(model, batch);
        lock (Batches) Batches.Add(new Batch(model, batch, result.Level));
        return result;
    }

    public Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now) => Inner.AdvanceTo(model, now);

    public Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at)
    {
        Forces.Add((model, level, by, reason, at));
        return Inner.Force(model, level, by, reason, at);
    }

    public Task<IReadOnlyList<Fleet.Monitoring.Incidents.Notification>> AdvanceAlerts(DateTimeOffset now) => Inner.AdvanceAlerts(now);

    public Task<int> Acknowledge(string model, string by, DateTimeOffset at) => Inner.Acknowledge(model, by, at);

    public Task<bool> AcknowledgeTarget(string target, string by, DateTimeOffset at) => Inner.AcknowledgeTarget(target, by, at);

    public Task<bool> Mitigate(string incident, string by, DateTimeOffset at) => Inner.Mitigate(incident, by, at);

    public Task<Fleet.Monitoring.Incidents.Silence> Silence(Fleet.Monitoring.Incidents.SilenceMatcher matcher, TimeSpan duration, string by, string reason,
        DateTimeOffset at) => Inner.Silence(matcher, duration, by, reason, at);

    public Task<bool> Unsilence(string silenceId, string by, DateTimeOffset at) => Inner.Unsilence(silenceId, by, at);

    Task<ModelSnapshot?> IFleetSink.Snapshot(string model) => Inner.Snapshot(model);

    Task<RolloutReport?> IFleetSink.Rollout(string model) => Inner.Rollout(model);

    public Task<IReadOnlyList<Fleet.Monitoring.Incidents.IncidentView>> Incidents() => Inner.Incidents();

    public Trace TraceOf(string model)
    {
        var mine = Batches.Where(b => b.Model == model).ToList();
        return new Trace(mine.SelectMany(b => b.Events.Predictions).ToList(), mine.SelectMany(b => b.Events.Outcomes).ToList());
    }

    public ModelSnapshot Snapshot(string model) => Monitors.Monitors[model].Snapshot();
}
