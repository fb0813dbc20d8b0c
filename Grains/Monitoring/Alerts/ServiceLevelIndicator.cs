using Fleet.Catalogue;
using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>
/// What an SLO counts, as a rate per window read from the model's readings: the <see cref="Readings"/> listed are summed
/// over the window; when <see cref="MeasuresGood"/> the sum is the good share and the bad rate is 1 minus it.
/// </summary>
public sealed record ServiceLevelIndicator(
    string Name,
    IReadOnlyList<Reading> Readings,
    bool MeasuresGood = false)
{
    /// <summary>
    /// Bad requests are the ones that errored or timed out: the errorRate reading, which already counts timeouts
    /// (adding timeoutRate would count each timeout twice).
    /// </summary>
    public static readonly ServiceLevelIndicator Availability = new("availability", [Catalogue.Readings.ErrorRate]);

    /// <summary>
    /// Bad predictions are the wrong ones: 1 - quality. Only for quality metrics that are a share of
    /// good predictions (accuracy, precision, recall, relevance), not for errors such as MAE.
    /// </summary>
    public static readonly ServiceLevelIndicator Quality = new("quality", [Catalogue.Readings.Quality], MeasuresGood: true);

    /// <summary>The bad rate over <paramref name="window"/>, or null when any reading is not judged.</summary>
    public double? BadRate(ModelReadings readings, WindowSpan window)
    {
        var sum = 0.0;
        foreach (var reading in Readings)
        {
            if (readings.Read(reading.At(window)) is not { } value) return null;
            sum += value;
        }
        return MeasuresGood ? 1 - sum : sum;
    }
}
