namespace Fleet.Monitoring.Alerts;

/// <summary>
/// What an SLO counts, as a rate per window read from the signals: the windowed signals in
/// <see cref="Signals"/> are summed ("errorRate@1h" + "timeoutRate@1h"); when
/// <see cref="MeasuresGood"/> the sum is the good share and the bad rate is 1 minus it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ServiceLevelIndicator")]
public sealed record ServiceLevelIndicator(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Signals,
    [property: Id(2)] bool MeasuresGood = false)
{
    /// <summary>
    /// Bad requests are the ones that errored or timed out: the <see cref="AlertSignals.ErrorRate"/> signal, which
    /// already counts timeouts (adding <see cref="AlertSignals.TimeoutRate"/> would count each timeout twice).
    /// </summary>
    public static readonly ServiceLevelIndicator Availability = new("availability", [AlertSignals.ErrorRate]);

    /// <summary>Bad requests are the ones slower than the model's latency limit (<see cref="AlertSignals.SlowShare"/>).</summary>
    public static readonly ServiceLevelIndicator Latency = new("latency", [AlertSignals.SlowShare]);

    /// <summary>
    /// Bad predictions are the wrong ones: 1 - quality. Only for quality metrics that are a share of
    /// good predictions (accuracy, precision, recall, relevance), not for errors such as MAE.
    /// </summary>
    public static readonly ServiceLevelIndicator Quality = new("quality", [AlertSignals.Quality], MeasuresGood: true);

    /// <summary>The bad rate over <paramref name="window"/>, or null when any signal is not judged.</summary>
    /// <remarks>Windowed names come formatted once: burn-rate checks ask for ~12 of them at every evaluation.</remarks>
    public double? BadRate(IReadOnlyDictionary<string, double?> signals, Fleet.Models.WindowSpan window)
    {
        var sum = 0.0;
        foreach (var signal in Signals)
        {
            if (AlertSignals.Read(signals, AlertSignals.Windowed(signal, window)) is not { } value) return null;
            sum += value;
        }
        return MeasuresGood ? 1 - sum : sum;
    }
}
