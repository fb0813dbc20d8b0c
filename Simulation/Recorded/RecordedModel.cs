using Fleet.Events;
using Fleet.Models;

namespace Fleet.Simulation.Recorded;

/// <summary>
/// A run's model whose traffic comes from a recording or an import instead of <see cref="SimulatedModel"/>: its stored
/// events in time order, handed out tick by tick with their times shifted so the recording's origin falls on the run's
/// start. A fresh instance per run (it remembers what it has played).
/// </summary>
public sealed class RecordedModel
{
    private readonly PredictionEvent[] _predictions;
    private readonly OutcomeEvent[] _outcomes;
    private int _nextPrediction;
    private int _nextOutcome;

    /// <param name="origin">The recording's first minute: it plays at the run's start.</param>
    public RecordedModel(string recording, ModelDefinition definition, DateTimeOffset origin,
        IEnumerable<PredictionEvent> predictions, IEnumerable<OutcomeEvent> outcomes)
    {
        Recording = recording;
        Definition = definition;
        Origin = origin;
        // Stable: events of one instant keep the order they were accepted in.
        _predictions = [.. predictions.OrderBy(p => p.Timestamp.UtcTicks)];
        _outcomes = [.. outcomes.OrderBy(o => o.Timestamp.UtcTicks)];
    }

    public string Recording { get; }
    public string Id => Definition.Id;
    public ModelDefinition Definition { get; }
    public DateTimeOffset Origin { get; }
    public int Events => _predictions.Length + _outcomes.Length;

    /// <summary>The level the monitor holds the model at (read back after every tick, as a simulated model's is).</summary>
    public int ServedLevel { get; set; } = 1;

    /// <summary>How long after the origin its last event happened.</summary>
    public TimeSpan Span
    {
        get
        {
            var last = Math.Max(_predictions.Length > 0 ? _predictions[^1].Timestamp.UtcTicks : 0, _outcomes.Length > 0 ? _outcomes[^1].Timestamp.UtcTicks : 0);
            return last == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(last - Origin.UtcTicks);
        }
    }

    /// <summary>The events not played yet whose time, moved by <paramref name="shift"/>, is before <paramref name="until"/>; shifted.</summary>
    public (List<PredictionEvent> Predictions, List<OutcomeEvent> Outcomes) Take(DateTimeOffset until, TimeSpan shift)
    {
        var limit = until.UtcTicks - shift.Ticks;
        var predictions = new List<PredictionEvent>();
        while (_nextPrediction < _predictions.Length && _predictions[_nextPrediction].Timestamp.UtcTicks < limit)
        {
            var p = _predictions[_nextPrediction++];
            predictions.Add(p with { Timestamp = p.Timestamp.ToUniversalTime() + shift });
        }
        var outcomes = new List<OutcomeEvent>();
        while (_nextOutcome < _outcomes.Length && _outcomes[_nextOutcome].Timestamp.UtcTicks < limit)
        {
            var o = _outcomes[_nextOutcome++];
            outcomes.Add(o with { Timestamp = o.Timestamp.ToUniversalTime() + shift });
        }
        return (predictions, outcomes);
    }

    /// <summary>The minute an instant falls in: a recording's origin, so per-minute figures fill whole buckets again.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
