using Fleet.Runs;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Adds up the simulator's truth (<see cref="SimulatedModel.LastTick"/>) per tick and per model as a run plays.
/// Read from other threads while the run writes: a copy is taken under the lock.
/// </summary>
public sealed class ImpactLedger(DateTimeOffset start, TimeSpan tick)
{
    private readonly List<ServedCounts> _ticks = [];
    private readonly Dictionary<string, ServedCounts> _models = new(StringComparer.Ordinal);
    private ServedCounts _current;
    private readonly Lock _lock = new();

    public void Add(string model, TickTruth truth)
    {
        lock (_lock)
        {
            _current = _current.Plus(truth.Predictions, truth.Wrong, truth.Degraded);
            _models[model] = _models.GetValueOrDefault(model).Plus(truth.Predictions, truth.Wrong, truth.Degraded);
        }
    }

    public void EndTick()
    {
        lock (_lock)
        {
            _ticks.Add(_current);
            _current = default;
        }
    }

    public RunImpact Snapshot()
    {
        lock (_lock) return new RunImpact(start, tick, [.. _ticks], new Dictionary<string, ServedCounts>(_models, StringComparer.Ordinal));
    }
}
