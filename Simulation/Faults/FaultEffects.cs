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
    public double SeasonalAmplitude;  // seasonal drift amplitude
    public TimeSpan SeasonalPeriod = TimeSpan.FromDays(1);
    public double NewUserShare;       // cold start: requests with no history
    /// <summary>Pipeline failures: feature name -> how it breaks and for what share of events.</summary>
    public readonly Dictionary<string, (string Mode, double Share)> Broken = new(StringComparer.Ordinal);
    public string? FailedSource;      // upstream outage
    public double FailedSourceShare;
    public double LatencyFactor = 1;
    public double TimeoutShare;
    public double ErrorShare;
    public double LabelDelayFactor = 1;
    public double Narrowing;          // feedback loop
    public string? BiasedSegment;
    public double BiasShare;
    public double TrafficFactor = 1;

    public void Add(Injection injection, double intensity)
    {
        var m = injection.Magnitude * intensity;
        switch (injection.Fault)
        {
            case FaultKind.DataDrift: FeatureShift += m; break;
            case FaultKind.ConceptDrift: ConceptShift += m; break;
            case FaultKind.SeasonalDrift:
                SeasonalAmplitude += m;
                if (injection.Period is { } period) SeasonalPeriod = period;
                break;
            case FaultKind.ColdStart: NewUserShare = Math.Min(1, NewUserShare + m); break;
            case FaultKind.Launch: break; // acts once, when the model launches (ScenarioRun)
            case FaultKind.PipelineFailure:
                var feature = injection.Feature ?? "f1";
                var share = Math.Min(1, (Broken.TryGetValue(feature, out var b) ? b.Share : 0) + m);
                Broken[feature] = (injection.Mode ?? "missing", share);
                break;
            case FaultKind.UpstreamOutage:
                FailedSource = injection.Targets.DataSource;
                FailedSourceShare = Math.Min(1, FailedSourceShare + m);
                LatencyFactor *= 1 + m;
                TimeoutShare += 0.03 * m;
                break;
            case FaultKind.LatencySpike: LatencyFactor *= 1 + (injection.Magnitude - 1) * intensity; break;
            case FaultKind.Timeouts: TimeoutShare += m; break;
            case FaultKind.ServingOutage: ErrorShare += m; break;
            case FaultKind.LabelDelay: LabelDelayFactor *= 1 + m; break;
            case FaultKind.FeedbackLoop: Narrowing = Math.Min(1, Narrowing + m); break;
            case FaultKind.SegmentBias:
                BiasedSegment = injection.Segment;
                BiasShare = Math.Min(1, BiasShare + m);
                break;
            case FaultKind.TrafficDrop: TrafficFactor *= Math.Max(0, 1 - m); break;
        }
    }
}
