using System.Collections.Concurrent;
using Fleet.Events;
using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Fleet.Silo.Runs;

/// <summary>
/// The runs this silo plays: each run plays on its own task against the model grains (the same path as real events)
/// of its own world, named by its run id; the cluster steers it through <see cref="ClusterRunControl"/>. Every run is
/// journaled (<see cref="SqlRunJournal"/>) with this silo as its owner: its definition when it starts, each outside
/// input before it is acknowledged, the facts of its ticks as it plays; so a run whose silo stopped or died is played
/// again to where it was by the silo that adopts it (<see cref="AdoptAsync"/>), and any run can be replayed.
/// </summary>
public sealed class RunCoordinator(IGrainFactory grains, SqlRunJournal journal, Recordings.RecordingLibrary recordings, IOptions<SimulationOptions> options,
    TimeProvider clock, ILocalSiloDetails silo, ILogger<RunCoordinator> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private readonly Lock _starting = new();
    private int _count;

    /// <summary>This silo as the run journal names a run's owner.</summary>
    public string Owner { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>The run plays (or played, and is still kept) on this silo.</summary>
    public bool Hosts(string id) => _runs.ContainsKey(id);

    public IReadOnlyList<RunStatus> List() => _runs.Values.Select(e => e.Status()).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public RunStatus? Get(string id) => _runs.GetValueOrDefault(id)?.Status();

    public RunSummary? Summary(string id) => _runs.GetValueOrDefault(id)?.Run.Summary();

    public RunImpact? Impact(string id) => _runs.GetValueOrDefault(id)?.Run.Impact.Snapshot();

    public IReadOnlyList<string> Scenarios() => options.Value.ScenarioNames();

    public async Task<(RunStatus? Status, ValidationError? Error)> StartAsync(
        string scenario, int? seed, DateTimeOffset? start, double? speed, string? until, CancellationToken cancellationToken, string source = "scenario",
        string? name = null)
    {
        try
        {
            var (parsed, text) = Load(scenario);
            if (speed is { } s && (double.IsNaN(s) || s < 0)) throw new ScenarioException("speed", "must be >= 0 (0 starts paused)");
            var plan = new RunPlan(parsed, text, source, new RunOptions
            {
                Seed = seed, Start = start, Speed = speed ?? double.PositiveInfinity, Until = ParseUntil(until),
            }, Name: name);
            return (await LaunchAsync(plan, cancellationToken), null);
        }
        catch (ScenarioException e)
        {
            return (null, new ValidationError(e.Field, e.Reason));
        }
    }

    public async Task<(RunStatus? Status, ValidationError? Error)> ReplayAsync(string id, ReplayRequest request, CancellationToken cancellationToken)
    {
        if (await journal.GetAsync(id, cancellationToken) is not { } original) return (null, null);
        try
        {
            if (request.Speed is { } s && (double.IsNaN(s) || s < 0)) throw new ScenarioException("speed", "must be >= 0 (0 starts paused; leave out for max)");
            var thresholds = request.Thresholds is null ? null : ThresholdOverrides.Parse(request.Thresholds);
            var inputs = (await journal.InputsAsync(id, cancellationToken))
                .Where(i => !request.WithoutActions || i.Kind == JournalKinds.Inject).ToList();
            var plan = new RunPlan(ScenarioLoader.Parse(original.ScenarioText), original.ScenarioText, "replay", new RunOptions
            {
                Seed = original.Seed, Start = original.Start, Speed = request.Speed ?? double.PositiveInfinity,
                Until = request.Until is null ? original.Until : ParseUntil(request.Until), Inputs = inputs, JournalEntries = inputs.Count,
                WithoutActions = request.WithoutActions, Thresholds = thresholds,
            }, ReplayOf: original.Id, ThresholdsText: request.Thresholds);
            return (await LaunchAsync(plan, cancellationToken), null);
        }
        catch (ScenarioException e)
        {
            return (null, new ValidationError(e.Field, e.Reason));
        }
    }

    /// <summary>
    /// Adopts an unfinished run no silo plays (its owner stopped or died): takes it over in the journal (if another silo
    /// has not), empties its world (models, alert book), replays its inputs at full speed to where its journal got, then
    /// plays on at its recorded speed (or stays paused). False when another silo took it first.
    /// </summary>
    public async Task<bool> AdoptAsync(RunHeader header, CancellationToken cancellationToken)
    {
        if (!await journal.ClaimAsync(header.Id, header.Owner, Owner, cancellationToken)) return false;
        RunPlan plan;
        try
        {
            var inputs = await journal.InputsAsync(header.Id, cancellationToken);
            var notes = await journal.NotesFromAsync(header.Id, header.Ticks, cancellationToken);
            plan = new RunPlan(ScenarioLoader.Parse(header.ScenarioText), header.ScenarioText, header.Source, new RunOptions
            {
                Seed = header.Seed, Start = header.Start, Speed = header.Speed ?? double.PositiveInfinity, Until = header.Until,
                Inputs = inputs, Notes = notes, OpenFrom = header.Ticks, RecordFrom = header.Ticks, JournalEntries = header.Entries,
                WithoutActions = header.WithoutActions, Thresholds = header.Thresholds is { } t ? ThresholdOverrides.Parse(t) : null,
            }, header.ReplayOf, header.Thresholds, Resumed: header);
        }
        catch (ScenarioException e)
        {
            logger.LogError(e, "Run {Run} could not be resumed", header.Id);
            await journal.SetStateAsync(header.Id, "failed: could not resume: " + e.Message, header.Speed, clock.GetUtcNow(), ct: cancellationToken);
            return false;
        }
        try
        {
            var status = await LaunchAsync(plan, cancellationToken);
            logger.LogInformation("Run {Run} adopted: replaying {Ticks} ticks to {Now:u}, then {State}", header.Id, header.Ticks, header.Now, status.State);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its world's grains may still be moving off a dead silo: give the run up, to be adopted again at the next look.
            logger.LogWarning(e, "Run {Run} could not be adopted yet", header.Id);
            await journal.ReleaseAsync(Owner, header.Id, CancellationToken.None);
            return false;
        }
    }

    private async Task<RunStatus> LaunchAsync(RunPlan plan, CancellationToken cancellationToken)
    {
        var recorded = await LoadRecordedAsync(plan.Scenario, cancellationToken);
        if (plan.Scenario.DurationFromRecordings)
            plan = plan with { Scenario = plan.Scenario with { Duration = RecordedDuration(recorded, plan.Scenario.Tick) } };
        Entry entry;
        lock (_starting)
        {
            FreeEndedRuns();
            var active = _runs.Values.Where(e => !e.Ended).Sum(e => e.Run.Models.Count());
            var limit = options.Value.MaxActiveModels;
            if (active + plan.Scenario.ModelCount > limit)
                throw new ScenarioException("scenario",
                    $"its {plan.Scenario.ModelCount:N0} models and the {active:N0} of the runs still playing would pass the {limit:N0} simulated models a silo plays at once; stop a run first");
            var n = ++_count;
            var id = plan.Resumed?.Id ?? World.NameFrom($"{plan.Name ?? plan.Scenario.Name}-{Truncate(clock.GetUtcNow()):yyyyMMdd'T'HHmmss}-{n}");
            var recorder = new JournalRecorder(journal, id, logger);
            var run = new ScenarioRun(plan.Scenario, plan.Options with { RunId = id, Recorder = recorder, Recorded = recorded }, new GrainFleetSink(grains, world: id));
            entry = new Entry(id, n, run, recorder, plan.ReplayOf);
            _runs[id] = entry;
        }
        try
        {
            var run = entry.Run;
            if (plan.Resumed is { } resumed)
            {
                if (resumed.State == RunStates.Paused) run.Clock.Pause();
                run.Clock.JumpTo(resumed.Now);
                await ClearWorldAsync(entry);
            }
            else
            {
                var created = await journal.CreateAsync(new RunHeader(entry.Id, plan.Source, plan.Scenario.Name, plan.Text, run.Seed, run.Start, plan.Options.Until,
                    HeaderSpeed(run.Clock), run.Clock.Paused ? RunStates.Paused : RunStates.Running, clock.GetUtcNow(), null, run.Digest, 0, run.Start,
                    plan.ReplayOf, plan.Options.WithoutActions, plan.ThresholdsText, Owner: Owner), options.Value.MaxEndedRuns, cancellationToken);
                if (!created)
                    throw plan.Source == DemoRunner.Source
                        ? new ScenarioException("source", DemoRunner.PlaysElsewhere)
                        : new ScenarioException("id", $"a run '{entry.Id}' was started on another silo at the same second; start again");
                foreach (var input in plan.Options.Inputs) await journal.AppendInputAsync(entry.Id, input, cancellationToken);
            }
        }
        catch
        {
            _runs.TryRemove(entry.Id, out _);
            await entry.Recorder.CompleteAsync();
            throw;
        }
        entry.Task = Task.Run(() => PlayAsync(entry));
        return entry.Status();
    }

    /// <summary>The models of the recordings and imports the scenario plays (<c>fleet: - recording: id</c>), read afresh for this run.</summary>
    private async Task<IReadOnlyList<Simulation.Recorded.RecordedModel>> LoadRecordedAsync(Scenario scenario, CancellationToken ct) =>
        scenario.Recordings.Count == 0 ? [] : await recordings.LoadAsync(scenario.Recordings, ct);

    /// <summary>As long as the longest recording, in whole ticks, through its last event.</summary>
    private static TimeSpan RecordedDuration(IReadOnlyList<Simulation.Recorded.RecordedModel> recorded, TimeSpan tick)
    {
        var span = recorded.Select(r => r.Span).DefaultIfEmpty(TimeSpan.Zero).Max();
        return TimeSpan.FromTicks((span.Ticks / tick.Ticks + 1) * tick.Ticks);
    }

    /// <summary>Empties a resumed run's world: what it had played is played again from the start.</summary>
    private async Task ClearWorldAsync(Entry entry)
    {
        await Task.WhenAll(entry.Run.Models.Select(m => grains.Model(entry.Id, m.Id).Delete()));
        await grains.AlertBook(entry.Id).Clear();
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

    public RunStatus? HoldAtTriggers(string id, IReadOnlyList<int> points) => With(id, e => e.Run.HoldAtTriggers(points));

    public DateTimeOffset? TriggeredAt(string id, int point) => _runs.GetValueOrDefault(id)?.Run.Triggers.HappenedAt(point);

    public RunStatus? Stop(string id) => With(id, e => e.Cancel.Cancel());

    public (RunStatus? Status, ValidationError? Error) Jump(string id, DateTimeOffset to)
    {
        if (!_runs.TryGetValue(id, out var entry)) return (null, null);
        if (entry.Ended) return (null, new ValidationError("id", "the run has ended"));
        var run = entry.Run;
        if (to <= run.Clock.Now || to > run.End)
            return (null, new ValidationError("to", $"must be after the run's now ({run.Clock.Now:u}) and no later than its end ({run.End:u})"));
        run.Clock.JumpTo(to);
        return (entry.Status(), null);
    }

    public Task<ValidationError?> ActAsync(string id, RunAction action) =>
        _runs.TryGetValue(id, out var entry) ? entry.Run.EnqueueAsync(action) : Task.FromResult<ValidationError?>(new ValidationError("id", $"run '{id}' does not exist"));

    public Task<ValidationError?> ActOnBookAsync(string id, RunBookAction action) =>
        _runs.TryGetValue(id, out var entry) ? entry.Run.EnqueueAsync(action) : Task.FromResult<ValidationError?>(new ValidationError("id", $"run '{id}' does not exist"));

    public Task<ValidationError?> InjectAsync(string id, RunInjection injection) =>
        _runs.TryGetValue(id, out var entry) ? entry.Run.InjectAsync(injection) : Task.FromResult<ValidationError?>(new ValidationError("id", $"run '{id}' does not exist"));

    public Task<ValidationError?> NoteAsync(string id, string kind, string target, string by, string detail) =>
        _runs.TryGetValue(id, out var entry) ? entry.Run.NoteAsync(kind, target, by, detail) : Task.FromResult<ValidationError?>(new ValidationError("id", $"run '{id}' does not exist"));

    public (string RunId, DateTimeOffset Now)? FindRun(string world, string model) =>
        _runs.TryGetValue(world, out var e) && RunStates.IsUnfinished(e.State) && e.Run.Hosts(model) ? (e.Id, e.Run.Clock.Now) : null;

    public IReadOnlyList<JournalEntry> JournalFor(string world, string model) =>
        _runs.TryGetValue(world, out var e) && e.Run.Hosts(model) ? e.Run.JournalFor(model) : [];

    /// <summary>The recorded run as this silo plays it; null when it does not.</summary>
    public RunListing? Listing(RunHeader header) => _runs.TryGetValue(header.Id, out var e) ? RunListings.Of(header, e.Status()) : null;

    /// <summary>
    /// Stops every run for a shutdown: the journal keeps them as they were ("running" or "paused") and this silo gives
    /// them up, so another silo (or this one's next start) adopts them at once. Called while the silo still runs.
    /// </summary>
    public async Task ShutDownAsync()
    {
        foreach (var entry in _runs.Values) entry.ShuttingDown = true;
        foreach (var entry in _runs.Values) entry.Cancel.Cancel();
        await Task.WhenAll(_runs.Values.Select(e => e.Task ?? Task.CompletedTask));
        try
        {
            await journal.ReleaseAsync(Owner);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not give up this silo's runs in the journal; other silos adopt them once it has left the cluster");
        }
    }

    public ValueTask DisposeAsync() => new(ShutDownAsync());

    private async Task PlayAsync(Entry entry)
    {
        string state;
        try
        {
            entry.State = entry.Run.Clock.Paused ? RunStates.Paused : RunStates.Running;
            await entry.Run.RunAsync(entry.Cancel.Token);
            state = RunStates.Finished;
        }
        catch (OperationCanceledException)
        {
            state = RunStates.Stopped;
        }
        catch (Exception e)
        {
            state = "failed: " + e.Message;
            logger.LogError(e, "Run {Run} failed", entry.Id);
        }
        // The run shows its end only once the journal holds all of it (its last ticks, its end, a replay's verdict).
        await entry.StateWrites.WaitAsync();
        try
        {
            entry.Closing = true;
            if (!entry.ShuttingDown) entry.Run.JournalFigures();
            await entry.Recorder.CompleteAsync();
            if (!entry.ShuttingDown)
            {
                await journal.SetStateAsync(entry.Id, state, HeaderSpeed(entry.Run.Clock), clock.GetUtcNow(), entry.Run.Digest);
                if (entry.ReplayOf is not null && await JournalViews.CompareAsync(journal, entry.Id, CancellationToken.None) is { } comparison)
                    entry.Verdict = comparison.Verdict;
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Run {Run}: could not record its end in the journal", entry.Id);
        }
        finally
        {
            entry.State = state;
            entry.StateWrites.Release();
        }
    }

    /// <summary>Keeps the journal's state and speed up to date (a resumed run plays on at them); the latest wins.</summary>
    private async Task RecordStateAsync(Entry entry)
    {
        await entry.StateWrites.WaitAsync();
        try
        {
            if (!entry.Closing) await journal.SetStateAsync(entry.Id, entry.Run.Clock.Paused ? RunStates.Paused : RunStates.Running, HeaderSpeed(entry.Run.Clock));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {Run}: could not record its state in the journal", entry.Id);
        }
        finally
        {
            entry.StateWrites.Release();
        }
    }

    private static double? HeaderSpeed(VirtualClock clock) => double.IsPositiveInfinity(clock.ResumeSpeed) ? null : clock.ResumeSpeed;

    private static TimeSpan? ParseUntil(string? until) =>
        until is null ? null
        : Fleet.Models.Durations.TryParse(until, out var u) ? u : throw new ScenarioException("until", $"'{until}' is not a duration such as 2h");

    /// <summary>
    /// A scenario is its YAML text or the name of a file in the scenario folder, never a path on the
    /// host: a name with a separator, "..", a drive or a root is refused, and refusals name no path.
    /// </summary>
    private (Scenario Scenario, string Text) Load(string scenario)
    {
        if (scenario.Contains('\n')) return (ScenarioLoader.Parse(scenario), scenario);
        var name = scenario.EndsWith(".yaml", StringComparison.Ordinal) ? scenario[..^".yaml".Length] : scenario;
        if (!IsPlainName(name))
            throw new ScenarioException("scenario", "must be scenario text or the name of a scenario in the scenario folder (no path); GET /api/scenarios lists them");
        if (!Scenarios().Contains(name, StringComparer.Ordinal))
            throw new ScenarioException("scenario", $"'{name}' is not a scenario in the scenario folder; GET /api/scenarios lists them");
        var text = File.ReadAllText(Path.Combine(options.Value.ResolveScenariosPath(), name + ".yaml"));
        return (ScenarioLoader.Parse(text, name), text);
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
        _ = RecordStateAsync(entry);
        return entry.Status();
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>What to start: a scenario with its text (journaled), where it came from, and for a resumed run its header.</summary>
    private sealed record RunPlan(Scenario Scenario, string Text, string Source, RunOptions Options, string? ReplayOf = null,
        string? ThresholdsText = null, RunHeader? Resumed = null, string? Name = null);

    private sealed class Entry(string id, int number, ScenarioRun run, JournalRecorder recorder, string? replayOf)
    {
        public string Id { get; } = id;
        /// <summary>The order runs were started in on this silo.</summary>
        public int Number { get; } = number;
        public ScenarioRun Run { get; } = run;
        public JournalRecorder Recorder { get; } = recorder;
        public string? ReplayOf { get; } = replayOf;
        public string? Verdict { get; set; }
        public CancellationTokenSource Cancel { get; } = new();
        public SemaphoreSlim StateWrites { get; } = new(1, 1);
        public Task? Task { get; set; }
        public string State { get; set; } = RunStates.Starting;
        public bool ShuttingDown { get; set; }
        /// <summary>The run has stopped playing and its end is being journaled: no other state is written after it.</summary>
        public bool Closing { get; set; }
        public bool Ended => !RunStates.IsUnfinished(State);

        public RunStatus Status()
        {
            // A run paused before its play began (an exercise paused at once) shows paused, as it will be once it plays.
            var state = State is RunStates.Running or RunStates.Starting && Run.Clock.Paused ? RunStates.Paused : State == RunStates.Paused && !Run.Clock.Paused ? RunStates.Running : State;
            return Run.Status(state) with { ReplayOf = ReplayOf, Verdict = Verdict, JumpingTo = Ended ? null : Run.Clock.JumpingTo };
        }

    }
}

/// <summary>A recorded run as listed: from its header alone, or with the status of the silo that plays it.</summary>
internal static class RunListings
{
    public static RunListing Of(RunHeader h) => new(h.Id, h.Source, h.Name, h.Seed, h.State, h.Start, h.Now, h.Speed,
        h.Unfinished ? 0 : 1, h.Ticks, h.Digest, h.Created, h.Ended, h.ReplayOf, null, null);

    public static RunListing Of(RunHeader h, RunStatus s) => new(h.Id, h.Source, h.Name, s.Seed, s.State, s.Start, s.Now, s.Speed, s.Progress,
        s.Ticks, s.Digest, h.Created, h.Ended, h.ReplayOf, s.Events, s.Transitions);
}
