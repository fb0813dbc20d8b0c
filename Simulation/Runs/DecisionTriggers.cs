using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// When each decision point without a time first happens in one run: its first page, or the tick by whose end every model
/// an expectation targets has reached that expectation's level inside its span (as <see cref="ExpectationChecker"/> judges
/// it at the end). A point happens at the end of its tick; a point an exercise holds stops the run's clock there.
/// </summary>
public sealed class DecisionTriggers
{
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<DecisionPoint> _points;
    private readonly Dictionary<int, Awaited> _awaited = [];
    private readonly Dictionary<int, DateTimeOffset> _happened = [];
    private readonly HashSet<int> _held = [];
    private bool _paged;

    private sealed record Awaited(Expectation Expectation, (DateTimeOffset From, DateTimeOffset Until) Span, HashSet<string> Waiting)
    {
        // A selection of no model (a percent of a small domain) never holds, as the checker fails it.
        public bool HasTargets { get; } = Waiting.Count > 0;
    }

    public DecisionTriggers(Scenario scenario, DateTimeOffset start, DateTimeOffset end, Func<TargetSelector, IReadOnlyList<string>> resolve)
    {
        _points = scenario.DecisionPoints;
        for (var i = 0; i < _points.Count; i++)
            if (_points[i].Expectation is { } e && scenario.Expectations[e] is var expectation)
                _awaited[i] = new Awaited(expectation, expectation.Span(scenario, start, end), [.. resolve(expectation.Targets)]);
    }

    /// <summary>A model's level moved: an expectation waiting for it may now hold for this model.</summary>
    public void Moved(string model, int to, DateTimeOffset at)
    {
        lock (_gate)
            foreach (var (_, awaited) in _awaited)
                if (awaited.Expectation.Reaches(to, at, awaited.Span)) awaited.Waiting.Remove(model);
    }

    /// <summary>A page fired in this tick.</summary>
    public void Paged()
    {
        lock (_gate) _paged = true;
    }

    /// <summary>Notes the points that happened in the tick ending now; the times the run must stop at (this one, if a held point happened).</summary>
    public IReadOnlyList<DateTimeOffset> EndTick(DateTimeOffset tickEnd)
    {
        lock (_gate)
        {
            var stop = false;
            for (var i = 0; i < _points.Count; i++)
            {
                if (!_points[i].Triggered || _happened.ContainsKey(i)) continue;
                var happened = _awaited.TryGetValue(i, out var awaited) ? awaited.HasTargets && awaited.Waiting.Count == 0 : _paged;
                if (!happened) continue;
                _happened[i] = tickEnd;
                stop |= _held.Contains(i);
            }
            return stop ? [tickEnd] : [];
        }
    }

    /// <summary>Makes these points stop the run when they happen; the times of those that already happened at or after <paramref name="now"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Hold(IEnumerable<int> points, DateTimeOffset now)
    {
        lock (_gate)
        {
            var times = new List<DateTimeOffset>();
            foreach (var i in points.Where(i => i >= 0 && i < _points.Count && _points[i].Triggered))
            {
                _held.Add(i);
                if (_happened.TryGetValue(i, out var at) && at >= now) times.Add(at);
            }
            return times;
        }
    }

    /// <summary>The end of the tick in which the point happened in this run; null before it did (or for a point with a time).</summary>
    public DateTimeOffset? HappenedAt(int point)
    {
        lock (_gate) return _happened.TryGetValue(point, out var at) ? at : null;
    }
}
