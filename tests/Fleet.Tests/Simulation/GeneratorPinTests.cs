using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fleet.Events;
using Fleet.Simulation;
using Fleet.Simulation.Faults;

namespace Fleet.Tests.Simulation;

/// <summary>
/// The generator's output is pinned: every field of every event, in the order the features are enumerated,
/// under faults that reach each branch of a prediction. Runs are reproducible only if the draws stay in the same
/// order, so a change that moves one draw (or how a feature is logged) fails here, not as a surprise in a digest.
/// Change it only for an intended change of what the simulator emits, and say so. Last changes: a NaN feature
/// arrives as the text "NaN" instead of as a missing value; a recommender draws its item category from the mix it
/// has learned to show (one draw), which a feedback loop narrows tick by tick.
/// </summary>
public sealed class GeneratorPinTests
{
    private const string Pinned = "1E7AFD6B27F4269A";

    [Fact]
    public void Generated_events_are_the_pinned_ones()
    {
        var text = new StringBuilder();
        foreach (var (domain, effects) in Cases())
        {
            var model = Sim.Model(domain, seed: 11, rate: 4, sources: ["bureau", "app"]);
            model.PredictionIdPrefix = "pin/";
            var trace = Sim.Generate(model, TimeSpan.FromMinutes(20), offset => effects(offset));
            foreach (var p in trace.Predictions) Write(text, p);
            foreach (var o in trace.Outcomes) text.Append(CultureInfo.InvariantCulture, $"o|{o.Timestamp.UtcTicks}|{o.Timestamp.Offset}|{o.PredictionId}|{o.Label:R}\n");
        }
        // The cases reach what they are meant to: a missing, a mistyped and a frozen feature, an item category, thousands of rows.
        var all = text.ToString();
        Assert.Contains("|f1=/<none>", all);
        Assert.Contains("|f3=/", all.Replace("|f3=/<none>", ""));
        Assert.Contains("|item_category=/c", all);
        Assert.True(all.Count(c => c == '\n') > 5_000, "too few events to pin much");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        Assert.Equal(Pinned, hash);
    }

    /// <summary>A healthy model and one of each fault that changes how a prediction is drawn or logged, switching every few minutes.</summary>
    private static IEnumerable<(string Domain, Func<TimeSpan, FaultEffects> Effects)> Cases()
    {
        var healthy = new FaultEffects();
        yield return ("fraud", _ => healthy);
        var broken = new[]
        {
            Sim.Effects(Sim.Fault(FaultKind.PipelineFailure, 0.5, feature: "f1", mode: "missing"), Sim.Fault(FaultKind.PipelineFailure, 0.5, feature: "f2", mode: "stale"),
                Sim.Fault(FaultKind.PipelineFailure, 0.5, feature: "f3", mode: "type"), Sim.Fault(FaultKind.PipelineFailure, 0.5, feature: "f4", mode: "nan")),
            Sim.Effects(Sim.Fault(FaultKind.UpstreamOutage, 0.6, dataSource: "app"), Sim.Fault(FaultKind.ColdStart, 0.3)),
            Sim.Effects(Sim.Fault(FaultKind.DataDrift, 2), Sim.Fault(FaultKind.ConceptDrift, 1), Sim.Fault(FaultKind.SeasonalDrift, 1, period: TimeSpan.FromMinutes(7))),
            Sim.Effects(Sim.Fault(FaultKind.Timeouts, 0.2), Sim.Fault(FaultKind.ServingOutage, 0.2), Sim.Fault(FaultKind.LatencySpike, 3),
                Sim.Fault(FaultKind.LabelDelay, 2), Sim.Fault(FaultKind.SegmentBias, 0.8, segment: "25-34")),
        };
        Func<TimeSpan, FaultEffects> rotating = offset => broken[(int)(offset.TotalMinutes / 5) % broken.Length];
        yield return ("credit", rotating);
        yield return ("forecasting", rotating); // MAE: scores and labels are values, not probabilities
        var narrowing = Sim.Effects(Sim.Fault(FaultKind.FeedbackLoop, 0.5), Sim.Fault(FaultKind.TrafficDrop, 0.3));
        yield return ("recommendations", offset => offset < TimeSpan.FromMinutes(10) ? healthy : narrowing); // logs the item category
    }

    private static void Write(StringBuilder text, PredictionEvent p)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"p|{p.Timestamp.UtcTicks}|{p.Timestamp.Offset}|{p.PredictionId}|{p.Segment}|{p.Score:R}|{p.LatencyMs:R}|{p.ServedLevel}|{p.Fallback}|{p.Error}|{p.Timeout}|{p.Features?.Count}");
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, FeatureValue>>?)p.Features ?? [])
            text.Append(CultureInfo.InvariantCulture, $"|{name}={value.Number:R}/{value.Category ?? "<none>"}");
        text.Append('\n');
    }
}
