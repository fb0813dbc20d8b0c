using System.Collections.Concurrent;
using Fleet.Events;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Runs;

/// <summary>
/// Hosts simulated runs beside the dashboard: each run plays on its own task against the model
/// grains (the same path as real events) of its own world, named by its run id, and is steered
/// through <see cref="IRunControl"/>.
/// </summary>
public sealed class RunCoordinator(IGrainFactory grains, IOptions<SimulationOptions> options, TimeProvider clock, ILogger<RunCoordinator> logger)
    : IRunControl, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private readonly Lock _starting = new();
    private int _count;

    public IReadOnlyList<RunStatus> List() => _runs.Values.Select(e => e.Status()).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public RunStatus? Get(string id) => _runs.GetValueOrDefault(id)?.Status();

    public RunSummary? Summary(string id) => _runs.GetValueOrDefault(id)?.Run.Summary();

    public RunImpact? Impact(string id) => _runs.GetValueOrDefault(id)?.Run.Impact.Snapshot();

    public IReadOnlyList<string> Scenarios()
    {
        var folder = options.Value.ResolveScenariosPath();
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(n => n, StringComparer.Ordinal).ToList()
            : [];
    }

    public Task<(RunStatus? Status, ValidationError? Error)> StartAsync(
        string scenario, int? seed, DateTimeOffset? start, double? speed, string? until, CancellationToken cancellationToken, string? name = null)
    {
        try
        {
            return Task.FromResult<(RunStatus?, ValidationError?)>((Start(scenario, seed, start, speed, until, name), null));
        }
        catch (ScenarioException e)
        {
            return Task.FromResult<(RunStatus?, ValidationError?)>((null, new ValidationError(e.Field, e.Reason)));
        }
    }

    private RunStatus Start(string scenario, int? seed, DateTimeOffset? start, double? speed, string? until, string? name)
    {
        var parsed = Load(scenario);
        TimeSpan? stopAfter = null;
        if (until is not null)
            stopAfter = Fleet.Models.Durations.TryParse(until, out var u) ? u : throw new ScenarioException("until", $"'{until}' is not a duration such as 2h");
        if (speed is { } s && (double.IsNaN(s) || s < 0)) throw new ScenarioException("speed", "must be >= 0 (0 starts paused)");
        lock (_starting)
        {
            FreeEndedRuns();
            var active = _runs.Values.Where(e => !e.Ended).Sum(e => e.Run.Models.Count());
            var limit = options.Value.MaxActiveModels;
            if (active + parsed.ModelCount > limit)
                throw new ScenarioException("scenario",
                    $"its {parsed.ModelCount:N0} models and the {active:N0} of the runs still playing would pass the {limit:N0} simulated models a silo plays at once; stop a run first");
            var n = ++_count;
            var id = World.NameFrom($"{name ?? parsed.Name}-{Truncate(clock.GetUtcNow()):yyyyMMdd'T'HHmmss}-{n}");
            var run = new ScenarioRun(parsed, new RunOptions
            {
                Seed = seed, Start = start, Speed = speed ?? double.PositiveInfinity, Until = stopAfter, RunId = id,
            }, new GrainFleetSink(grains, world: id));
            var entry = new Entry(id, n, run);
            _runs[id] = entry;
            entry.Task = Task.Run(() => PlayAsync(entry));
            return entry.Status();
        }
    }

    /// <summary>Frees the oldest ended runs beyond <see cref="SimulationOptions.MaxEndedRuns"/>: their status, summary and world go.</summary>
    private void FreeEndedRuns()
    {
        var ended = _runs.Values.Where(e => e.Ended).OrderBy(e => e.Number).ToList();
        foreach (var entry in ended.Take(Math.Max(0, ended.Count - options.Value.MaxEndedRuns)))
            _runs.TryRemove(entry.Id, out _);
    }

    public RunStatus? SetSpeed(string id, double speed) => With(id, e => e.Run.Clock.SetSpeed(speed));

    public RunStatus? Pause(string id) => With(id, e => e.Run.Clock.Pause());

    public RunStatus? Resume(string id) => With(id, e => e.Run.Clock.Resume());

    public RunStatus? Step(string id) => With(id, e => e.Run.Clock.Step());

    public RunStatus? HoldAt(string id, IReadOnlyList<DateTimeOffset> times) => With(id, e => e.Run.Clock.HoldAt(times));

    public RunStatus? Stop(string id) => With(id, e => e.Cancel.Cancel());

    public ValidationError? Act(string id, RunAction action) =>
        _runs.TryGetValue(id, out var entry) ? entry.Run.Enqueue(action) : new ValidationError("id", $"run '{id}' does not exist");

    public ValidationError? Inject(string id, RunInjection injection) =>
        _runs.TryGetValue(id, out var entry) ? entry.Run.Inject(injection) : new ValidationError("id", $"run '{id}' does not exist");

    public (string RunId, DateTimeOffset Now)? FindRun(string world, string model) =>
        _runs.TryGetValue(world, out var e) && e.State is "starting" or "running" or "paused" && e.Run.Hosts(model) ? (e.Id, e.Run.Clock.Now) : null;

    public IReadOnlyList<JournalEntry> JournalFor(string world, string model) =>
        _runs.TryGetValue(world, out var e) && e.Run.Hosts(model) ? e.Run.JournalFor(model) : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _runs.Values) entry.Cancel.Cancel();
        await Task.WhenAll(_runs.Values.Select(e => e.Task ?? Task.CompletedTask));
    }

    private async Task PlayAsync(Entry entry)
    {
        try
        {
            entry.State = entry.Run.Clock.Paused ? "paused" : "running";
            await entry.Run.RunAsync(entry.Cancel.Token);
            entry.State = "finished";
        }
        catch (OperationCanceledException)
        {
            entry.State = "stopped";
        }
        catch (Exception e)
        {
            entry.State = "failed: " + e.Message;
            logger.LogError(e, "Run {Run} failed", entry.Id);
        }
    }

    /// <summary>
    /// A scenario is its YAML text or the name of a file in the scenario folder, never a path on the
    /// host: a name with a separator, "..", a drive or a root is refused, and refusals name no path.
    /// </summary>
    private Scenario Load(string scenario)
    {
        if (scenario.Contains('\n')) return ScenarioLoader.Parse(scenario);
        var name = scenario.EndsWith(".yaml", StringComparison.Ordinal) ? scenario[..^".yaml".Length] : scenario;
        if (!IsPlainName(name))
            throw new ScenarioException("scenario", "must be scenario text or the name of a scenario in the scenario folder (no path); GET /api/scenarios lists them");
        if (!Scenarios().Contains(name, StringComparer.Ordinal))
            throw new ScenarioException("scenario", $"'{name}' is not a scenario in the scenario folder; GET /api/scenarios lists them");
        return ScenarioLoader.LoadFile(Path.Combine(options.Value.ResolveScenariosPath(), name + ".yaml"));
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 100
        && !name.Contains("..", StringComparison.Ordinal)
        && !Path.IsPathRooted(name)
        && name.IndexOfAny(['/', '\\', ':']) < 0
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && !name.Any(char.IsControl);

    private RunStatus? With(string id, Action<Entry> change)
    {
        if (!_runs.TryGetValue(id, out var entry)) return null;
        change(entry);
        return entry.Status();
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private sealed class Entry(string id, int number, ScenarioRun run)
    {
        public string Id { get; } = id;
        /// <summary>The order runs were started in on this silo.</summary>
        public int Number { get; } = number;
        public ScenarioRun Run { get; } = run;
        public CancellationTokenSource Cancel { get; } = new();
        public Task? Task { get; set; }
        public string State { get; set; } = "starting";
        public bool Ended => State is not ("starting" or "running" or "paused");

        public RunStatus Status()
        {
            var state = State == "running" && Run.Clock.Paused ? "paused" : State == "paused" && !Run.Clock.Paused ? "running" : State;
            return Run.Status(state);
        }
    }
}
