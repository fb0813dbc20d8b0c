using System.Collections.Concurrent;
using System.Text.Json;
using Fleet.Actions;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;
using Fleet.Simulation.Faults;
using Fleet.Simulation.Recorded;
using Fleet.Simulation.Scenarios;
using Fleet.Snapshots;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Plays a scenario tick by tick on a virtual clock: applies due injections and actions, lets every
/// simulated model generate its events, sends one batch per model to the sink, and reads the level
/// back for the next tick's serving. A tick ends only when every batch is answered, so the run is the
/// same at any speed and however the grains are scheduled.
/// </summary>
public sealed class ScenarioRun
{
    /// <summary>Simulated time a retraining takes before the new version serves.</summary>
    public static readonly TimeSpan RetrainDuration = TimeSpan.FromMinutes(30);

    private readonly IFleetSink _sink;
    private readonly ConcurrentDictionary<string, RolloutReport> _rollouts = new(StringComparer.Ordinal);
    private readonly RunOptions _options;
    private readonly SortedDictionary<string, RunMember> _members = new(StringComparer.Ordinal);
    private readonly List<RecordedModel> _recorded;
    private readonly List<Injection> _injections;
    private readonly Dictionary<Injection, HashSet<string>> _targets = [];
    private readonly HashSet<Injection> _active = [];
    private readonly List<ScriptedAction> _scripted;
    private readonly IRunRecorder _recorder;
    // Taken by an input's acceptance and by the tick loop when it takes a tick's inputs: an input is given the
    // tick it applies at atomically, so the journal says exactly when it took effect.
    private readonly Lock _inputsGate = new();
    private readonly SortedDictionary<long, List<PendingInput>> _pending = [];
    private readonly Dictionary<long, int> _inputsPerTick = [];
    private long _openTick;
    private long _entries;
    private List<RunJournalEntry> _tickFacts = [];
    private int _nextFactIndex;
    private long _tickDropped;
    // What the journal has said of each incident so far: opened, acknowledged, mitigated, resolved.
    private readonly Dictionary<string, IncidentMilestones> _incidents = new(StringComparer.Ordinal);
    private bool _bookChanged;
    private readonly List<JournalEntry> _journal = [];
    private readonly List<RunTransition> _transitions = [];
    private readonly RunDigest _digest = new();
    private readonly ScenarioTimeline _timeline;
    private bool _initialized;
    private int _alerts;
    private int _manualInjections;

    private long _generationTicks;
    /// <summary>Models a generating thread makes between two reads of its CPU clock.</summary>
    private const int GenerationChunk = 16;

    /// <summary>CPU time the simulated models spent generating their events, summed over the threads that generated them (<see cref="ThreadCpuClock"/>).</summary>
    public TimeSpan GenerationTime => TimeSpan.FromTicks(Interlocked.Read(ref _generationTicks));

    /// <summary>Alert changes (pending, firing, resolved) the monitor raised during the run; all are in the digest.</summary>
    public int AlertChanges => _alerts;

    public ScenarioRun(Scenario scenario, RunOptions options, IFleetSink sink)
    {
        Scenario = scenario;
        _options = options;
        _sink = sink;
        Seed = options.Seed ?? scenario.Seed;
        Start = options.Start ?? scenario.Start ?? RunOptions.DefaultStart;
        End = Start + (options.Until is { } until && until < scenario.Duration ? until : scenario.Duration);
        Clock = new VirtualClock(Start, options.Speed);
        foreach (var member in FleetFactory.Build(scenario, Seed, Start))
        {
            member.Model.PredictionIdPrefix = options.RunId + "/";
            var definition = options.Thresholds is { } overrides ? member.Definition with { Thresholds = overrides.Apply(member.Definition.Thresholds) } : member.Definition;
            _members[member.Model.Id] = new RunMember(member.Model, definition);
        }
        _recorded = [.. options.Recorded.OrderBy(r => r.Id, StringComparer.Ordinal)];
        if (scenario.Recordings.FirstOrDefault(id => _recorded.All(r => r.Recording != id)) is { } missing)
            throw new ScenarioException("fleet", $"recording '{missing}' is not loaded: recordings play on a Fleet server (POST /api/runs)");
        foreach (var recorded in _recorded)
            if (_members.ContainsKey(recorded.Id) || _recorded.Count(r => r.Id == recorded.Id) > 1)
                throw new ScenarioException("fleet", $"model '{recorded.Id}' of recording '{recorded.Recording}' is already in the run's fleet");
        _timeline = new ScenarioTimeline(FleetRoster.Of(scenario.Fleet), scenario.Duration);
        _injections = [.. scenario.Injections];
        _scripted = options.WithoutActions ? [] : [.. scenario.Actions.OrderBy(a => a.At)];
        _recorder = options.Recorder;
        _openTick = options.OpenFrom;
        _entries = options.JournalEntries;
        foreach (var input in options.Inputs)
        {
            TakePlace(input);
            Schedule(new PendingInput(input, JsonSerializer.Deserialize<RunInput>(input.Input!, InputJson)!, Recorded()));
        }
        foreach (var note in options.Notes) TakePlace(note);
        Impact = new ImpactLedger(Start, scenario.Tick);
        Triggers = new DecisionTriggers(scenario, Start, End, selector => TargetResolver.Resolve(selector, Models, Seed));
    }

    /// <summary>What the run served, by the simulator's truth (for exercise scores; never shown to trainees).</summary>
    public ImpactLedger Impact { get; }

    private static readonly JsonSerializerOptions InputJson = new(JsonSerializerDefaults.Web);

    /// <summary>Inputs journaled in this run so far or replayed into it, and the entries its journal holds.</summary>
    public long JournalEntries { get { lock (_inputsGate) return _entries; } }

    public Scenario Scenario { get; }
    public int Seed { get; }
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }
    public VirtualClock Clock { get; }
    public long Ticks { get; private set; }
    public long Events { get; private set; }
    public bool Finished => Clock.Now >= End;
    public string Digest => _digest.Value;
    public IReadOnlyList<RunTransition> Transitions => _transitions;
    public IReadOnlyList<JournalEntry> Journal => _journal;
    public IEnumerable<SimulatedModel> Models => _members.Values.Select(m => m.Model);

    public bool Hosts(string model) => _members.ContainsKey(model) || _recorded.Any(r => r.Id == model);

    /// <summary>The journal entries about one model: its own, and the injections that target it.</summary>
    public IReadOnlyList<JournalEntry> JournalFor(string model)
    {
        lock (_journal)
        {
            return _journal.Where(e => e.Target == model
                || (JournalKinds.IsInjection(e.Kind) && _injections.FirstOrDefault(i => i.Name == e.Target) is { } injection
                    && _targets.TryGetValue(injection, out var targets) && targets.Contains(model))).ToList();
        }
    }

    /// <summary>
    /// Accepts an operator's action for the next tick: gives it that tick, journals it durably, and only then
    /// returns, so an acknowledged action is in the journal with the tick it applies at. Safe to call from any thread.
    /// Returns the field at fault and why, or null.
    /// </summary>
    public async Task<ValidationError?> EnqueueAsync(RunAction action)
    {
        if (Finished) return new ValidationError("id", "the run has ended");
        if (InputOrigins.Normalize(action.From) is not { } from) return new ValidationError("from", $"must be one of {string.Join(", ", InputOrigins.All)}");
        if (!_members.ContainsKey(action.Model))
            return new ValidationError("model", $"'{action.Model}' is not part of this run");
        var (declared, invalid) = OperatorActions.Validate(action.Action, ActionTarget.Model, action.Arguments());
        if (invalid is not null) return invalid;
        return await AcceptAsync(new RunInput(Action: action with { Action = declared!.Name, From = from }), declared.Name, action.Model, action.By, from, action.Reason);
    }

    /// <summary>
    /// Accepts an act on the run's alert book (acknowledge, mitigate) for the next tick and journals it durably
    /// before returning, as <see cref="EnqueueAsync(RunAction)"/> does; the caller has checked its target and arguments against the book.
    /// </summary>
    public async Task<ValidationError?> EnqueueAsync(RunBookAction action)
    {
        if (Finished) return new ValidationError("id", "the run has ended");
        if (action.Action == RunBookAction.Unsilence)
            return await AcceptAsync(new RunInput(Book: action), RunBookAction.Unsilence, action.Target, action.By, "api", action.Reason ?? "");
        if (OperatorActions.Find(action.Action) is not { Kind: ActionKind.Acknowledge or ActionKind.Mitigate or ActionKind.Silence } declared)
            return new ValidationError("action", $"must be acknowledge, mitigate, silence or {RunBookAction.Unsilence}");
        if (declared.Kind == ActionKind.Silence)
        {
            if (action.Matcher is null) return new ValidationError("rule", "a silence needs at least one of rule, model, domain");
            if (!Durations.TryParse(action.Duration, out var duration) || duration <= TimeSpan.Zero)
                return new ValidationError("duration", "must be a duration such as 30m or 2h");
            if (string.IsNullOrWhiteSpace(action.Reason)) return new ValidationError("reason", "is required: why");
        }
        return await AcceptAsync(new RunInput(Book: action with { Action = declared.Name }), declared.Name, action.Target, action.By, "api", action.Reason ?? "");
    }

    /// <summary>
    /// Checks a fault injected by hand as a scenario's injection is checked (fault, models of this run,
    /// magnitude in range, durations that parse), journals it durably with the next tick, and starts it at that
    /// tick. Safe to call from any thread.
    /// </summary>
    public async Task<ValidationError?> InjectAsync(RunInjection manual)
    {
        if (Finished) return new ValidationError("id", "the run has ended");
        if (InputOrigins.Normalize(manual.From) is not { } from) return new ValidationError("from", $"must be one of {string.Join(", ", InputOrigins.All)}");
        if (manual.Models is not { Count: > 0 } models) return new ValidationError("models", "must name at least one model of the run");
        try
        {
            var injection = ToInjection(manual);
            var input = new RunInput(Injection: manual with { Models = [.. models], From = from });
            return await AcceptAsync(input, JournalKinds.Inject, string.Join(",", models), manual.By ?? "operator", from,
                $"{ScenarioLoader.NameOf(injection.Fault)} x{injection.Magnitude}");
        }
        catch (ScenarioException e)
        {
            return new ValidationError(e.Field, e.Reason);
        }
    }

    private Injection ToInjection(RunInjection manual) => _timeline.Inject(new InjectionDocument
    {
        Fault = manual.Fault, At = "0s", Magnitude = manual.Magnitude, Duration = manual.Duration, Ramp = manual.Ramp,
        Feature = manual.Feature, Mode = manual.Mode, Segment = manual.Segment,
        Targets = new TargetDocument { Ids = [.. manual.Models] },
    }, "", 0, idsPath: "models");

    /// <summary>
    /// Journals durably, with the open tick, something said about the run that changes nothing in it (an exercise
    /// team's answer): a fact, so a replay never plays it. Returns the field at fault and why, or null.
    /// </summary>
    public async Task<ValidationError?> NoteAsync(string kind, string target, string by, string detail)
    {
        RunJournalEntry entry;
        lock (_inputsGate)
        {
            if (_entries >= RunJournalLimits.MaxEntries)
                return new ValidationError("journal", $"the run's journal is full ({RunJournalLimits.MaxEntries:N0} entries)");
            var tick = _openTick;
            var index = _inputsPerTick.GetValueOrDefault(tick);
            _inputsPerTick[tick] = index + 1; // the tick's facts are placed after it
            _entries++;
            entry = new RunJournalEntry(RunJournalEntry.PositionOf(tick, index), tick, Start + tick * Scenario.Tick, kind, target, by, "api", detail);
        }
        await _recorder.RecordInputAsync(entry);
        return null;
    }

    /// <summary>Gives an input its tick and place under the gate the tick loop takes, then journals it; the loop applies it once it is durable.</summary>
    private async Task<ValidationError?> AcceptAsync(RunInput input, string kind, string target, string by, string from, string detail)
    {
        PendingInput pending;
        lock (_inputsGate)
        {
            if (_entries >= RunJournalLimits.MaxEntries)
                return new ValidationError("journal", $"the run's journal is full ({RunJournalLimits.MaxEntries:N0} entries): no more inputs can be recorded");
            var tick = _openTick;
            var index = _inputsPerTick.GetValueOrDefault(tick);
            _inputsPerTick[tick] = index + 1;
            _entries++;
            var entry = new RunJournalEntry(RunJournalEntry.PositionOf(tick, index), tick, Start + tick * Scenario.Tick, kind, target, by, from, detail,
                JsonSerializer.Serialize(input, InputJson));
            pending = new PendingInput(entry, input, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            Schedule(pending);
        }
        try
        {
            await _recorder.RecordInputAsync(pending.Entry);
            pending.Durable.SetResult(true);
            return null;
        }
        catch
        {
            pending.Durable.SetResult(false); // never acknowledged, so never applied
            throw;
        }
    }

    /// <summary>Marks an entry's place in its tick as taken: what comes later in that tick is placed after it.</summary>
    private void TakePlace(RunJournalEntry entry)
    {
        var index = (int)(entry.Position - RunJournalEntry.PositionOf(entry.Tick, 0));
        _inputsPerTick[entry.Tick] = Math.Max(_inputsPerTick.GetValueOrDefault(entry.Tick), index + 1);
    }

    private void Schedule(PendingInput input)
    {
        if (!_pending.TryGetValue(input.Entry.Tick, out var list)) _pending[input.Entry.Tick] = list = [];
        list.Add(input);
    }

    private static TaskCompletionSource<bool> Recorded()
    {
        var done = new TaskCompletionSource<bool>();
        done.SetResult(true);
        return done;
    }

    /// <summary>Takes this tick's inputs; from now on a new input applies at the next tick. Facts of the tick are placed after its inputs.</summary>
    private List<PendingInput> TakeDueInputs()
    {
        lock (_inputsGate)
        {
            _openTick = Math.Max(_openTick, Ticks + 1);
            _nextFactIndex = _inputsPerTick.GetValueOrDefault(Ticks);
            _inputsPerTick.Remove(Ticks);
            _tickFacts = [];
            _tickDropped = 0;
            return _pending.Remove(Ticks, out var due) ? due : [];
        }
    }

    /// <summary>When the scenario's decision points without a time (first page, an expectation holding) happened in this run.</summary>
    public DecisionTriggers Triggers { get; }

    /// <summary>Makes the clock pause by itself after the tick in which each of these decision points happens (an exercise's).</summary>
    public void HoldAtTriggers(IEnumerable<int> points)
    {
        if (Triggers.Hold(points, Clock.Now) is { Count: > 0 } times) Clock.HoldAt(times);
    }

    /// <summary>Plays to the end at the clock's pace; <paramref name="afterTick"/> sees the run after every tick.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, Action<ScenarioRun>? afterTick = null)
    {
        while (!Finished)
        {
            // At full speed the clock never waits, so the token is looked at here: a stop ends the run between ticks.
            cancellationToken.ThrowIfCancellationRequested();
            await Clock.WaitForTickAsync(Scenario.Tick, cancellationToken);
            await StepAsync();
            afterTick?.Invoke(this);
        }
    }

    /// <summary>
    /// Journals the figures no other fact carries (models, events; the simulator's truth of what was served and to how many
    /// users) as facts of the last played tick, for a run that has ended (finished, stopped or failed; not one shut down to
    /// resume, whose journal goes on): the report of an ended run reads them after a restart. Nothing when no tick was
    /// recorded.
    /// </summary>
    public void JournalFigures()
    {
        if (Ticks <= _options.RecordFrom) return;
        var facts = new List<RunJournalEntry>(2);
        lock (_journal)
        {
            foreach (var (kind, detail) in new[]
                     {
                         (RunFigures.Kind, RunFigures.Detail(_members.Count + _recorded.Count, Events)),
                         (RunTruth.Kind, RunTruth.Of(Impact.Snapshot()).Detail),
                     })
            {
                lock (_inputsGate)
                {
                    if (_entries >= RunJournalLimits.MaxEntries) break;
                    _entries++;
                }
                facts.Add(new RunJournalEntry(RunJournalEntry.PositionOf(Ticks - 1, _nextFactIndex++), Ticks - 1, Clock.Now, kind, Scenario.Name,
                    "run", "run", detail));
            }
        }
        if (facts.Count > 0) _recorder.RecordTick(Ticks, Clock.Now, Digest, facts, 0);
    }

    public async Task StepAsync()
    {
        if (!_initialized) await InitializeAsync();
        if (Finished) return;
        var now = Clock.Now;
        var offset = now - Start;
        var due = TakeDueInputs();
        var accepted = new List<PendingInput>(due.Count);
        foreach (var input in due)
            if (await input.Durable.Task) accepted.Add(input);
        foreach (var input in accepted.Where(i => i.Input.Injection is not null))
            _injections.Add(ToInjection(input.Input.Injection!) with { Name = $"manual-{++_manualInjections}", At = offset });
        var effects = CurrentEffects(offset, now);
        await ApplyScriptedActionsAsync(offset, now);
        await ApplyInputActionsAsync(accepted, now);
        await LaunchAndRetrainAsync(offset, now);

        var live = _members.Values.Where(m => m.Launched).ToList();
        var tickEnd = now + Scenario.Tick;
        // One sink call per model, awaited together: its own task, not wrapped in another (a million wrappers a simulated day).
        var senders = live.Count + _recorded.Count;
        var ids = new string[senders];
        var work = new Task[senders];
        var sizes = new (int Predictions, int Outcomes)[senders];
        var batchId = $"{_options.RunId}:{Ticks}"; // every model's batch of a tick has the same id (each model has its own ledger)
        Task Send(int i, List<PredictionEvent> predictions, List<OutcomeEvent> outcomes)
        {
            var total = predictions.Count + outcomes.Count;
            sizes[i] = (predictions.Count, outcomes.Count);
            return total == 0 ? _sink.AdvanceTo(ids[i], tickEnd)
                : total <= IngestionLimits.MaxBatchEvents ? _sink.Ingest(ids[i], new EventBatch(batchId, tickEnd, predictions, outcomes))
                : IngestInPiecesAsync(ids[i], batchId, tickEnd, predictions, outcomes);
        }
        // Every simulated model draws from its own random streams and reads only its own state and this tick's effects,
        // so models generate on every core and the events are the same in any order. A sink that takes concurrent calls
        // gets each batch as soon as it is made; any other gets them in model order once all are made.
        var made = new (List<PredictionEvent> Predictions, List<OutcomeEvent> Outcomes)[live.Count];
        // Generation is timed a chunk of models at a time: the thread's CPU clock is a system call, and read around
        // every model it cost ~6 % of a simulated day's CPU. A chunk's batches are sent once all of it is made.
        if (live.Count > 0) // a recorded run has no simulated models, and a partitioner refuses an empty range
        {
            Parallel.ForEach(Partitioner.Create(0, live.Count, GenerationChunk), () => 0L, (range, _, spent) =>
            {
                var (from, to) = range;
                var started = ThreadCpuClock.NowTicks();
                for (var i = from; i < to; i++)
                {
                    var model = live[i].Model;
                    ids[i] = model.Id;
                    made[i] = model.Generate(now, Scenario.Tick, Scenario.Traffic.HourlyShape, effects.GetValueOrDefault(model.Id) ?? Healthy);
                }
                spent += ThreadCpuClock.NowTicks() - started;
                for (var i = from; i < to && _sink.AcceptsConcurrentCalls; i++) work[i] = Send(i, made[i].Predictions, made[i].Outcomes);
                return spent;
            }, spent => Interlocked.Add(ref _generationTicks, spent));
        }
        for (var i = 0; i < live.Count && !_sink.AcceptsConcurrentCalls; i++) work[i] = Send(i, made[i].Predictions, made[i].Outcomes);
        for (var r = 0; r < _recorded.Count; r++)
        {
            // A recorded model hands out its stored events that fall in the tick.
            var recorded = _recorded[r];
            var (predictions, outcomes) = recorded.Take(tickEnd, Start - recorded.Origin);
            ids[live.Count + r] = recorded.Id;
            work[live.Count + r] = Send(live.Count + r, predictions, outcomes);
        }
        long tickPredictions = 0, tickOutcomes = 0;
        for (var i = 0; i < senders; i++)
        {
            tickPredictions += sizes[i].Predictions;
            tickOutcomes += sizes[i].Outcomes;
            Events += sizes[i].Predictions + sizes[i].Outcomes;
            if (i < live.Count) Impact.Add(ids[i], live[i].Model.LastTick, live[i].Model.Users.Size); // a recorded model has no simulator truth
        }
        await Task.WhenAll(work);
        for (var i = 0; i < senders; i++)
        {
            var (result, advanced) = work[i] switch
            {
                Task<IngestResult> ingested => (ingested.Result, null),
                Task<Snapshots.LevelTransition?> moved => (null, moved.Result),
                var pieces => ((Task<(IngestResult?, Snapshots.LevelTransition?)>)pieces).Result,
            };
            if (result?.Error is { } error)
                throw new InvalidOperationException($"the monitor refused a {(i < live.Count ? "simulated" : "recorded")} batch of {ids[i]}: {error}");
            var level = result?.Level ?? (int?)advanced?.To;
            if (level is { } served && i < live.Count) live[i].Model.ServedLevel = served;
            else if (level is { } monitored) _recorded[i - live.Count].ServedLevel = monitored;
            Record(ids[i], result?.Transition ?? advanced);
            if (result?.Alerts is { Count: > 0 } alerts)
            {
                lock (_journal)
                {
                    foreach (var alert in alerts)
                    {
                        _digest.Add(alert.Model, alert);
                        Fact(alert.At, JournalKinds.Alert, alert.Model, "monitor", "monitor", $"{alert.Rule}: {alert.From} -> {alert.To}");
                    }
                    _alerts += alerts.Count;
                    _bookChanged = true;
                    if (alerts.Any(a => a.Severity == AlertSeverity.Page && a.To == AlertState.Firing)) Triggers.Paged();
                }
            }
        }
        // The alert book's clock moves with the run's, not only with alert changes: a page left firing
        // escalates, and a silence expires, at the same event time on the grain path and the plain one.
        await _sink.AdvanceAlerts(tickEnd);
        if (_bookChanged) await JournalIncidentMilestonesAsync(tickEnd);
        if (Triggers.EndTick(tickEnd) is { Count: > 0 } stops) Clock.HoldAt(stops);
        lock (_journal) _digest.AddTick(Ticks, tickPredictions, tickOutcomes);
        Impact.EndTick();
        Clock.Advance(Scenario.Tick);
        Ticks++;
        if (Finished) await DigestFinalFiguresAsync();
        if (Ticks > _options.RecordFrom)
        {
            List<RunJournalEntry> facts;
            long dropped;
            lock (_journal) (facts, dropped) = (_tickFacts, _tickDropped);
            _recorder.RecordTick(Ticks, Clock.Now, Digest, facts, dropped);
        }
    }

    /// <summary>
    /// Journals what changed in the alert book's incidents since the last look (asked only after a tick that changed
    /// an alert or acknowledged one): an incident opened, acknowledged, mitigated or resolved. The entry is dated at the
    /// end of the tick that saw it (journal entries keep to their tick), the milestone's own time is in its detail.
    /// </summary>
    private async Task JournalIncidentMilestonesAsync(DateTimeOffset seen)
    {
        _bookChanged = false;
        foreach (var incident in await _sink.Incidents())
        {
            var now = incident.Milestones;
            var was = _incidents.GetValueOrDefault(incident.Id);
            lock (_journal)
            {
                if (was is null) Fact(seen, JournalKinds.Incident, incident.Id, "monitor", "monitor", $"opened: detected {now.Detected:u}: {incident.Title}");
                if (now.Acknowledged is { } a && was?.Acknowledged is null)
                    Fact(seen, JournalKinds.Incident, incident.Id, incident.AcknowledgedBy ?? "operator", "monitor", $"acknowledged: {a:u}");
                if (now.Mitigated is { } m && was?.Mitigated is null)
                    Fact(seen, JournalKinds.Incident, incident.Id, incident.MitigatedBy ?? "operator", "monitor", $"mitigated: {m:u}");
                if (now.Resolved is { } r && was?.Resolved is null) Fact(seen, JournalKinds.Incident, incident.Id, "monitor", "monitor", $"resolved: {r:u}");
            }
            _incidents[incident.Id] = now;
        }
    }

    /// <summary>Every model's final level and window figures join the digest once, when the run reaches its end.</summary>
    private async Task DigestFinalFiguresAsync()
    {
        foreach (var id in _members.Values.Where(m => m.Launched).Select(m => m.Model.Id).Concat(_recorded.Select(r => r.Id)))
        {
            if (await _sink.Snapshot(id) is not { } snapshot) continue;
            lock (_journal) _digest.AddFinal(id, snapshot);
        }
        // The monitor's verdict on each declared candidate, as it stands at the end: what rollout expectations judge.
        foreach (var member in _members.Values.Where(m => m.Launched && m.Definition.Candidate is not null))
            if (await _sink.Rollout(member.Model.Id) is { } report) _rollouts[member.Model.Id] = report;
    }

    public RunSummary Summary()
    {
        // The API reads summaries while the run plays: copy under the lock the run writes under.
        List<RunTransition> transitions;
        List<JournalEntry> journal;
        string digest;
        lock (_journal)
        {
            transitions = [.. _transitions];
            journal = [.. _journal];
            digest = Digest;
        }
        var finals = _members.Values.ToDictionary(m => m.Model.Id, m => m.Model.ServedLevel, StringComparer.Ordinal);
        foreach (var recorded in _recorded) finals[recorded.Id] = recorded.ServedLevel;
        var expectations = ExpectationChecker.Check(Scenario, Start, Clock.Now, transitions, finals,
            selector => TargetResolver.Resolve(selector, Models, Seed), _rollouts);
        return new RunSummary(Scenario.Name, Seed, Start, Clock.Now, Ticks, Events, _members.Count + _recorded.Count, digest,
            transitions, finals, expectations, journal);
    }

    public RunStatus Status(string state) => new(
        _options.RunId, Scenario.Name, Seed, state, Start, Clock.Now, End,
        double.IsPositiveInfinity(Clock.Speed) ? null : Clock.Speed,
        (Clock.Now - Start) / (End - Start), Ticks, Events, _members.Count + _recorded.Count, _transitions.Count, Digest);

    private static readonly FaultEffects Healthy = new();

    private async Task InitializeAsync()
    {
        _initialized = true;
        foreach (var injection in _injections) _targets[injection] = Resolve(injection);
        var launchedLater = _injections.Where(i => i.Fault == FaultKind.Launch).SelectMany(i => _targets[i]).ToHashSet();
        var registrations = new List<Task>();
        foreach (var member in _members.Values)
        {
            if (launchedLater.Contains(member.Model.Id)) continue;
            member.Launched = true;
            registrations.Add(_sink.Register(member.Definition));
        }
        registrations.AddRange(_recorded.Select(r => _sink.Register(r.Definition)));
        await Task.WhenAll(registrations);
    }

    private HashSet<string> Resolve(Injection injection) =>
        [.. TargetResolver.Resolve(injection.Targets, Models, Seed)];

    private Dictionary<string, FaultEffects> CurrentEffects(TimeSpan offset, DateTimeOffset now)
    {
        var effects = new Dictionary<string, FaultEffects>(StringComparer.Ordinal);
        foreach (var injection in _injections)
        {
            if (!_targets.TryGetValue(injection, out var targets)) _targets[injection] = targets = Resolve(injection);
            var intensity = injection.Intensity(offset);
            if (intensity > 0 && _active.Add(injection))
                Log(now, JournalKinds.Injection, injection.Name, "scenario", $"{ScenarioLoader.NameOf(injection.Fault)} x{injection.Magnitude} on {targets.Count} model(s) ({injection.Targets})");
            else if (intensity == 0 && offset >= injection.At && _active.Remove(injection))
                Log(now, JournalKinds.InjectionEnded, injection.Name, "scenario", ScenarioLoader.NameOf(injection.Fault));
            if (intensity == 0) continue;
            foreach (var id in targets)
            {
                if (!effects.TryGetValue(id, out var e)) effects[id] = e = new FaultEffects();
                e.Add(injection, intensity);
            }
        }
        return effects;
    }

    private async Task LaunchAndRetrainAsync(TimeSpan offset, DateTimeOffset now)
    {
        foreach (var member in _members.Values)
        {
            var model = member.Model;
            if (!member.Launched && _injections.Any(i => i.Fault == FaultKind.Launch && i.At <= offset && _targets[i].Contains(model.Id)))
            {
                member.Launched = true;
                var launch = _injections.First(i => i.Fault == FaultKind.Launch && i.At <= offset && _targets[i].Contains(model.Id));
                model.LaunchUnderTrained(0.6 * launch.Magnitude);
                member.Definition = member.Definition with { Retraining = member.Definition.Retraining is { } r ? r with { LastTrainedAt = now } : null };
                await _sink.Register(member.Definition);
                Log(now, JournalKinds.Launch, model.Id, "scenario", "a new model with no history starts serving");
            }
            if (model.RetrainingUntil is { } until && until <= now)
            {
                model.CompleteRetraining();
                await Redefine(member, d => d with
                {
                    Version = model.Version.ToString(),
                    Retraining = d.Retraining is { } r ? r with { LastTrainedAt = now } : new RetrainingSchedule(TimeSpan.FromDays(7), now),
                });
                Log(now, JournalKinds.Retrained, model.Id, "simulator", $"version {model.Version} serves what its training labels taught it");
            }
        }
    }

    private async Task ApplyScriptedActionsAsync(TimeSpan offset, DateTimeOffset now)
    {
        while (_scripted.Count > 0 && _scripted[0].At <= offset)
        {
            var action = _scripted[0];
            _scripted.RemoveAt(0);
            foreach (var id in TargetResolver.Resolve(action.Targets, Models, Seed))
                await ApplyAsync(_members[id], OperatorActions.Of(action.Action), action.Arguments, now, "scenario");
        }
    }

    private async Task ApplyInputActionsAsync(List<PendingInput> inputs, DateTimeOffset now)
    {
        foreach (var input in inputs.Select(i => i.Input))
        {
            if (input.Action is { } action)
                await ApplyAsync(_members[action.Model], OperatorActions.Find(action.Action)!, action.Arguments(), now, action.From ?? "api");
            else if (input.Book is { } book)
                await ApplyAsync(book, now);
        }
    }

    /// <summary>An act on the alert book at the tick it was given; what it did goes in the run's journal.</summary>
    private async Task ApplyAsync(RunBookAction act, DateTimeOffset now)
    {
        string effect;
        if (act.Action == RunBookAction.Unsilence)
            effect = await _sink.Unsilence(act.Target, act.By, now) ? "lifted" : "no longer in force: nothing done";
        else if (OperatorActions.Find(act.Action)!.Kind == ActionKind.Silence)
        {
            Durations.TryParse(act.Duration, out var duration);
            var silence = await _sink.Silence(act.Matcher!, duration, act.By, act.Reason!, now);
            effect = $"{silence.Id}: {silence.Matcher} until {silence.Until:u}";
        }
        else
        {
            var done = OperatorActions.Find(act.Action)!.Kind == ActionKind.Mitigate
                ? await _sink.Mitigate(act.Target, act.By, now)
                : await _sink.AcknowledgeTarget(act.Target, act.By, now);
            effect = done ? "done" : "no longer open, or already done: nothing done";
        }
        _bookChanged = true;
        Log(now, act.Action, act.Target, act.By, string.IsNullOrWhiteSpace(act.Reason) ? effect : $"{act.Reason} ({effect})", "api");
    }

    /// <summary>The simulated effect of an action whose arguments were checked when it was scripted or queued.</summary>
    private async Task ApplyAsync(RunMember member, OperatorAction action, ActionArguments arguments, DateTimeOffset now, string from)
    {
        var model = member.Model;
        var (name, by, reason) = (action.Name, arguments.By!, arguments.Reason!);
        if (!member.Launched)
        {
            Log(now, name, model.Id, by, $"{reason} (not launched yet: nothing done)", from);
            return;
        }
        switch (action.Kind)
        {
            case ActionKind.Retrain:
                if (model.RetrainingUntil is not null)
                {
                    Log(now, name, model.Id, by, $"{reason} (a retraining is already running: ready at {model.RetrainingUntil:u})", from);
                    return;
                }
                var labels = model.StartRetraining(now + RetrainDuration);
                Log(now, name, model.Id, by, $"{reason} (ready at {model.RetrainingUntil:u}; learns from the {labels} label(s) that arrived in the last {Durations.Format(SimulatedModel.TrainingWindow)})", from);
                return;
            case ActionKind.Rollback:
                var rolled = model.RollBack();
                if (rolled) await Redefine(member, d => d with { Version = model.Version.ToString() });
                Log(now, name, model.Id, by, rolled ? $"{reason} (back to version {model.Version})" : $"{reason} (no earlier version: nothing done)", from);
                return;
            case ActionKind.ForceLevel:
            case ActionKind.KillSwitch:
            case ActionKind.Release:
                var moved = await _sink.Force(model.Id, action.ForcedLevel(arguments.Level), by, $"{name}: {reason}", now);
                Record(model.Id, moved);
                if (moved is not null) model.ServedLevel = (int)moved.To;
                Log(now, name, model.Id, by, reason, from);
                return;
            case ActionKind.Rollout:
                var stage = arguments.Stage!;
                var parsed = RolloutStages.Parse(stage);
                model.RolloutShare = RolloutStages.Share(parsed);
                await Redefine(member, d => d with { RolloutStage = parsed });
                Log(now, name, model.Id, by, $"{reason} (stage {stage}, {model.RolloutShare:P0} of traffic)", from);
                return;
            case ActionKind.Acknowledge:
                var incidents = await _sink.Acknowledge(model.Id, by, now);
                _bookChanged |= incidents > 0;
                Log(now, name, model.Id, by, $"{reason} ({incidents} open incident(s) acknowledged)", from);
                return;
            case ActionKind.Silence:
                Durations.TryParse(arguments.Duration, out var duration);
                var silence = await _sink.Silence(new SilenceMatcher(Rule: arguments.Rule, Model: model.Id), duration, by, reason, now);
                Log(now, name, model.Id, by, $"{reason} ({silence.Id}: {silence.Matcher} until {silence.Until:u})", from);
                return;
            default:
                Log(now, name, model.Id, by, reason, from);
                return;
        }
    }

    private async Task Redefine(RunMember member, Func<ModelDefinition, ModelDefinition> change)
    {
        member.Definition = change(member.Definition);
        await _sink.Register(member.Definition);
    }

    /// <summary>
    /// A model's batch of a tick that is too large for one: cut into pieces of at most <see cref="IngestionLimits.MaxBatchEvents"/>
    /// sent in order; a transition in any piece counts, the last piece's level is the one served next.
    /// </summary>
    private async Task<(IngestResult?, Snapshots.LevelTransition?)> IngestInPiecesAsync(
        string model, string batchId, DateTimeOffset sentAt, List<PredictionEvent> predictions, List<OutcomeEvent> outcomes)
    {
        IngestResult? last = null;
        Snapshots.LevelTransition? moved = null;
        var size = IngestionLimits.MaxBatchEvents;
        for (int p = 0, o = 0, piece = 0; p < predictions.Count || o < outcomes.Count; piece++)
        {
            var takeP = Math.Min(size, predictions.Count - p);
            var takeO = Math.Min(size - takeP, outcomes.Count - o);
            last = await _sink.Ingest(model, new EventBatch($"{batchId}.{piece}", sentAt,
                predictions.GetRange(p, takeP), outcomes.GetRange(o, takeO)));
            if (last.Error is not null) return (last, moved);
            moved = last.Transition ?? moved;
            p += takeP;
            o += takeO;
        }
        return (last! with { Transition = moved }, null);
    }

    private void Record(string model, Snapshots.LevelTransition? transition)
    {
        if (transition is null) return;
        var t = new RunTransition(model, (int)transition.From, (int)transition.To, transition.At, transition.Reason);
        lock (_journal)
        {
            _transitions.Add(t);
            Triggers.Moved(model, t.To, t.At);
            _digest.Add(model, t);
            Fact(t.At, JournalKinds.Level, model, "monitor", "monitor", $"{t.From} -> {t.To}: {t.Reason}");
        }
    }

    private void Log(DateTimeOffset at, string kind, string target, string by, string detail, string from = "run")
    {
        lock (_journal)
        {
            _journal.Add(new JournalEntry(at, kind, target, by, detail));
            Fact(at, kind, target, by, from, detail);
        }
    }

    /// <summary>A fact of the tick being played, placed after the tick's inputs; past the journal's cap it is only counted. Called under the journal lock.</summary>
    private void Fact(DateTimeOffset at, string kind, string target, string by, string from, string detail)
    {
        if (Ticks < _options.RecordFrom) return;
        lock (_inputsGate)
        {
            if (_entries >= RunJournalLimits.MaxEntries)
            {
                _tickDropped++;
                return;
            }
            _entries++;
        }
        _tickFacts.Add(new RunJournalEntry(RunJournalEntry.PositionOf(Ticks, _nextFactIndex++), Ticks, at, kind, target, by, from, detail));
    }

    /// <summary>An input accepted for a tick; <see cref="Durable"/> says whether it reached the journal (only then does it apply).</summary>
    private sealed record PendingInput(RunJournalEntry Entry, RunInput Input, TaskCompletionSource<bool> Durable);

    private sealed class RunMember(SimulatedModel model, ModelDefinition definition)
    {
        public SimulatedModel Model { get; } = model;
        public ModelDefinition Definition { get; set; } = definition;
        public bool Launched { get; set; }
    }
}
