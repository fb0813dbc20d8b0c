using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Faults;

/// <summary>
/// The combined pull of every fault acting on one model during one tick, as plain numbers the
/// simulated model applies. Zero everywhere means a healthy model.
/// </summary>
public sealed class FaultEffects
{
    public double FeatureShift;       // data drift, in standard deviations along the model's drift direction
    public double ConceptShift;       // concept drift, along the model's concept-drift direction
    /// <summary>Seasonal drifts: each its own amplitude and period; their pulls add up.</summary>
    public readonly List<(double Amplitude, TimeSpan Period)> Seasons = [];
    public double NewUserShare;       // cold start: requests with no history
    /// <summary>
    /// Pipeline failures: feature name -> each way it breaks, in the order injected, with the share of events it
    /// breaks. Two failures of one feature are independent: the first breaks its share, the second its share of the rest.
    /// </summary>
    public readonly Dictionary<string, List<(string Mode, double Share)>> Broken = new(StringComparer.Ordinal);
    /// <summary>Upstream outages: failed source -> share of lookups that fail (two outages of one source fail independently).</summary>
    public readonly Dictionary<string, double> FailedSources = new(StringComparer.Ordinal);
    public double LatencyFactor = 1;
    public double TimeoutShare;
    public double ErrorShare;
    public double LabelDelayFactor = 1;
    /// <summary>Feedback loop: the share of the model's next training data that is its own exposure (0..1); the narrowing itself is the model's state.</summary>
    public double FeedbackStrength;
    /// <summary>Segment biases: segment -> share of its decisions flipped (two biases of one segment flip independently).</summary>
    public readonly Dictionary<string, double> BiasedSegments = new(StringComparer.Ordinal);
    public double TrafficFactor = 1;

    public void Add(Injection injection, double intensity)
    {
        var m = injection.Magnitude * intensity;
        switch (injection.Fault)
        {
            case FaultKind.DataDrift: FeatureShift += m; break;
            case FaultKind.ConceptDrift: ConceptShift += m; break;
            case FaultKind.SeasonalDrift: Seasons.Add((m, injection.Period ?? TimeSpan.FromDays(1))); break;
            case FaultKind.ColdStart: NewUserShare = Math.Min(1, NewUserShare + m); break;
            case FaultKind.Launch: break; // acts once, when the model launches (ScenarioRun)
            case FaultKind.PipelineFailure:
                var feature = injection.Feature ?? "f1";
                if (!Broken.TryGetValue(feature, out var ways)) Broken[feature] = ways = [];
                ways.Add((injection.Mode ?? "missing", Math.Min(1, m)));
                break;
            case FaultKind.UpstreamOutage:
                var source = injection.Targets.DataSource ?? Scenarios.FleetRoster.DefaultDataSource;
                FailedSources[source] = Independent(FailedSources.GetValueOrDefault(source), m);
                LatencyFactor *= 1 + m;
                TimeoutShare += 0.03 * m;
                break;
            case FaultKind.LatencySpike: LatencyFactor *= 1 + (injection.Magnitude - 1) * intensity; break;
            case FaultKind.Timeouts: TimeoutShare += m; break;
            case FaultKind.ServingOutage: ErrorShare += m; break;
            case FaultKind.LabelDelay: LabelDelayFactor *= 1 + m; break;
            case FaultKind.FeedbackLoop: FeedbackStrength = Math.Min(1, FeedbackStrength + m); break;
            case FaultKind.SegmentBias:
                var segment = injection.Segment ?? "";
                BiasedSegments[segment] = Independent(BiasedSegments.GetValueOrDefault(segment), m);
                break;
            case FaultKind.TrafficDrop: TrafficFactor *= Math.Max(0, 1 - m); break;
        }
    }

    /// <summary>Two independent failures of shares a and b together fail 1 - (1 - a)(1 - b).</summary>
    private static double Independent(double a, double b) => 1 - (1 - a) * (1 - Math.Min(1, b));
}
