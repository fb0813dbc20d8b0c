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
    private long _users;
    private ServedCounts _current;
    private readonly Lock _lock = new();

    /// <param name="users">The model's population (<see cref="UserPopulation.Size"/>), counted the first time the model plays.</param>
    public void Add(string model, TickTruth truth, int users)
    {
        lock (_lock)
        {
            _current = _current.Plus(truth.Predictions, truth.Wrong, truth.Degraded, truth.NewlyAffectedUsers);
            if (!_models.TryGetValue(model, out var counts)) _users += users;
            _models[model] = counts.Plus(truth.Predictions, truth.Wrong, truth.Degraded, truth.NewlyAffectedUsers);
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
        lock (_lock) return new RunImpact(start, tick, [.. _ticks], new Dictionary<string, ServedCounts>(_models, StringComparer.Ordinal), _users);
    }
}
