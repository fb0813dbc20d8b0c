using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fleet.Events;
using Fleet.Exercises;
using Fleet.Runs;
using Fleet.Silo.Runs;
using Fleet.Silo.Storage;
using Fleet.Simulation.Faults;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Exercises;

/// <summary>
/// Hosts exercises: keeps them in the store (written through before answering), starts one run per team through
/// <see cref="IRunControl"/> (same scenario text, seed and start: each team its own world), steers all of a team's
/// runs together, and scores them against counterfactual runs played in this process on the plain path.
/// </summary>
public sealed class ExerciseCoordinator(IRunControl runs, IExerciseStore store, IGrainFactory grains, IOptions<SimulationOptions> options,
    TimeProvider clock, ILogger<ExerciseCoordinator> logger) : IExerciseControl
{
    public const int MaxTeams = 20, MaxTrainees = 50, MaxName = 100;

    private readonly ConcurrentDictionary<string, Exercise> _exercises = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Counterfactuals>>> _counterfactuals = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private Task? _loaded;

    /// <summary>Reads the stored exercises once; a run an exercise started before a restart is gone (runs live in memory).</summary>
    public Task LoadAsync(CancellationToken ct = default) => _loaded ??= LoadOnceAsync(ct);

    private async Task LoadOnceAsync(CancellationToken ct)
    {
        foreach (var exercise in await store.ListAsync(ct)) _exercises[exercise.Id] = exercise;
    }

    public IReadOnlyList<Exercise> List() => _exercises.Values.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();

    public Exercise? Get(string id) => _exercises.GetValueOrDefault(id);

    public async Task<(Exercise? Exercise, ValidationError? Error)> CreateAsync(ExerciseRequest request, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Check(request) is { } refused) return (null, refused);
        string text;
        try
        {
            text = ScenarioText(request.Scenario!);
            ScenarioLoader.Parse(text);
        }
        catch (ScenarioException e)
        {
            return (null, new ValidationError(e.Field, e.Reason));
        }
        var exercise = new Exercise(NewId("ex-", 10), request.Name!.Trim(), text, request.Seed, request.Start, request.Speed, Exercise.Created,
            request.Teams!.Select(t => new ExerciseTeam(t.Name!.Trim(), [.. t.Trainees ?? []], NewId("", 10), null)).ToList(),
            clock.GetUtcNow(), request.By ?? "facilitator");
        await SaveAsync(exercise, ct);
        return (exercise, null);
    }

    public async Task<(Exercise? Exercise, ValidationError? Error)> SteerAsync(string id, string command, CancellationToken ct)
    {
        await LoadAsync(ct);
        await _writing.WaitAsync(ct);
        try
        {
            if (!_exercises.TryGetValue(id, out var exercise)) return (null, null);
            var (allowed, next) = command switch
            {
                "start" => (exercise.State == Exercise.Created, Exercise.Running),
                "pause" => (exercise.State == Exercise.Running, Exercise.Paused),
                // Running too: a decision point stops every team's run, and only the facilitator's resume plays on.
                "resume" => (exercise.State is Exercise.Paused or Exercise.Running, Exercise.Running),
                "end" => (exercise.State != Exercise.Ended, Exercise.Ended),
                _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not an exercise command"),
            };
            if (!allowed) return (exercise, new ValidationError("state", $"the exercise is {exercise.State}: it cannot {command}"));
            var teams = exercise.Teams;
            switch (command)
            {
                case "start":
                    var started = new List<ExerciseTeam>();
                    foreach (var (team, i) in teams.Select((t, i) => (t, i)))
                    {
                        // Named after the exercise and team number, never the scenario: trainees see their world's name.
                        var (status, error) = await runs.StartAsync(exercise.Scenario, exercise.Seed, exercise.Start, exercise.Speed ?? 1, null, ct,
                            name: $"{exercise.Id}-team{i + 1}");
                        if (error is not null)
                        {
                            foreach (var t in started) runs.Stop(t.RunId!);
                            return (exercise, error);
                        }
                        started.Add(team with { RunId = status!.Id });
                        var points = ScenarioLoader.Parse(exercise.Scenario).DecisionPoints;
                        if (points.Any(p => !p.AtFirstPage)) runs.HoldAt(status.Id, [.. points.Where(p => !p.AtFirstPage).Select(p => status.Start + p.At!.Value)]);
                        if (points.Any(p => p.AtFirstPage)) runs.HoldAtFirstPage(status.Id);
                    }
                    teams = started;
                    _ = Task.Run(() => WatchDecisionsAsync(id));
                    _ = CounterfactualsOf(exercise); // played in the background while the teams play
                    break;
                case "pause":
                    foreach (var team in teams) runs.Pause(team.RunId!);
                    break;
                case "resume":
                    foreach (var team in teams) runs.Resume(team.RunId!);
                    break;
                case "end":
                    foreach (var team in teams.Where(t => t.RunId is not null)) runs.Stop(team.RunId!);
                    break;
            }
            var changed = exercise with { State = next, Teams = teams };
            await store.SaveAsync(changed, ct);
            _exercises[id] = changed;
            return (changed, null);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task<ExerciseScore?> ScoreAsync(string id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!_exercises.TryGetValue(id, out var exercise)) return null;
        var c = await CounterfactualsOf(exercise).WaitAsync(ct);
        var scores = new List<TeamScore>();
        foreach (var team in exercise.Teams)
        {
            if (team.RunId is not { } run || runs.Impact(run) is not { } impact) continue;
            var book = grains.AlertBook(run);
            var scored = ExerciseScorer.Score(c, new ExerciseScorer.TeamRun(team.Name, run, impact, runs.Summary(run)?.Journal ?? [],
                await book.Incidents(null), await book.Alerts(null)));
            scores.Add(scored);
        }
        return new ExerciseScore(exercise.Id, exercise.State, c.ImpactStart, [.. c.Affected.Order(StringComparer.Ordinal)],
            [.. scores.OrderBy(s => s.Impact).ThenBy(s => s.Team, StringComparer.Ordinal)])
        {
            IdealResponse = ExerciseScorer.TeamActions(c.IdealJournal, c.DoNothingJournal),
        };
    }

    /// <summary>
    /// Notices each team's run stopping at a decision point (its clock holds there by itself) and records the question
    /// as asked then, so the time a team takes to answer runs from the moment its run stopped.
    /// </summary>
    private async Task WatchDecisionsAsync(string id)
    {
        if (!_exercises.TryGetValue(id, out var started)) return;
        var points = ScenarioLoader.Parse(started.Scenario).DecisionPoints;
        if (points.Count == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), clock);
        while (await timer.WaitForNextTickAsync())
        {
            if (!_exercises.TryGetValue(id, out var exercise) || exercise.State == Exercise.Ended) return;
            var asked = new List<DecisionRecord>();
            foreach (var team in exercise.Teams)
            {
                if (team.RunId is not { } run || runs.Get(run) is not { State: "paused" } status) continue;
                for (var i = 0; i < points.Count; i++)
                    if (AskedAt(points[i], run, status) == status.Now && !exercise.Decisions.Any(d => d.Team == team.Name && d.Point == i))
                        asked.Add(new DecisionRecord(team.Name, i, points[i].Question, points[i].Choices, status.Now, clock.GetUtcNow()));
            }
            if (asked.Count == 0) continue;
            await _writing.WaitAsync();
            try
            {
                var current = _exercises[id];
                var changed = current with { Decisions = [.. current.Decisions, .. asked.Where(a => !current.Decisions.Any(d => d.Team == a.Team && d.Point == a.Point))] };
                await store.SaveAsync(changed);
                _exercises[id] = changed;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Exercise {Exercise}: could not record a decision point", id);
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    /// <summary>When the point stops this team's run: its time, or the end of the tick of the team's own first page (null before it fired).</summary>
    private DateTimeOffset? AskedAt(DecisionPoint point, string run, RunStatus status) =>
        point.At is { } at ? status.Start + at : runs.FirstPageAt(run);

    public DecisionRecord? OpenQuestion(string world) =>
        Seated(world) is var (exercise, team) ? exercise.Decisions.LastOrDefault(d => d.Team == team.Name && d.AnsweredAt is null) : null;

    public async Task<(DecisionRecord? Answered, ValidationError? Error)> AnswerAsync(string world, DecisionAnswerRequest answer, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            if (Seated(world) is not var (exercise, team)) return (null, new ValidationError("world", "no exercise team plays this world"));
            var open = exercise.Decisions.LastOrDefault(d => d.Team == team.Name && d.AnsweredAt is null);
            if (open is null) return (null, new ValidationError("point", "no question is open for this team"));
            if (answer.Point is { } p && p != open.Point) return (null, new ValidationError("point", $"the open question is point {open.Point}"));
            if (string.IsNullOrWhiteSpace(answer.Answer) && answer.Choice is null) return (null, new ValidationError("answer", "is required: free text, a choice, or both"));
            if (answer.Answer is { Length: > ScenarioLoader.MaxQuestion }) return (null, new ValidationError("answer", $"is longer than {ScenarioLoader.MaxQuestion} characters"));
            if (answer.Choice is { } c && !open.Choices.Contains(c)) return (null, new ValidationError("choice", $"must be one of the question's choices: {string.Join(", ", open.Choices)}"));
            var now = clock.GetUtcNow();
            var answered = open with { Answer = answer.Answer?.Trim(), Choice = answer.Choice, By = answer.By ?? "trainee", AnsweredAt = now, TimeTaken = now - open.AskedAt };
            var changed = exercise with { Decisions = [.. exercise.Decisions.Select(d => d == open ? answered : d)] };
            await store.SaveAsync(changed, ct);
            _exercises[exercise.Id] = changed;
            var said = string.Join(": ", new[] { answered.Choice, answered.Answer }.Where(t => !string.IsNullOrEmpty(t)));
            if (await runs.NoteAsync(world, "decision", team.Name, answered.By!, $"point {open.Point}: {said}") is { } unjournaled)
                logger.LogWarning("Exercise {Exercise}: the answer of {Team} is not in its run's journal: {Reason}", exercise.Id, team.Name, unjournaled.Reason);
            return (answered, null);
        }
        finally
        {
            _writing.Release();
        }
    }

    private (Exercise Exercise, ExerciseTeam Team)? Seated(string world)
    {
        foreach (var exercise in _exercises.Values.Where(e => e.State is Exercise.Running or Exercise.Paused))
            foreach (var team in exercise.Teams)
                if (team.RunId == world) return (exercise, team);
        return null;
    }

    public TraineeSeat? Join(string code)
    {
        foreach (var exercise in _exercises.Values.Where(e => e.State is Exercise.Running or Exercise.Paused))
            foreach (var team in exercise.Teams)
                if (team.RunId is { } world && CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(team.JoinCode), System.Text.Encoding.UTF8.GetBytes(code.Trim())))
                    return new TraineeSeat(exercise.Id, team.Name, world);
        return null;
    }

    public bool Admits(TraineeSeat seat) =>
        _exercises.TryGetValue(seat.Exercise, out var exercise) && exercise.State is Exercise.Running or Exercise.Paused
        && exercise.Teams.Any(t => t.Name == seat.Team && t.RunId == seat.World);

    /// <summary>The healthy, do-nothing and ideal runs of an exercise, played once on the plain path (same scenario, seed and start).</summary>
    public Task<Counterfactuals> CounterfactualsOf(Exercise exercise) =>
        _counterfactuals.GetOrAdd(exercise.Id, _ => new Lazy<Task<Counterfactuals>>(() => Task.Run(async () =>
        {
            var scenario = ScenarioLoader.Parse(exercise.Scenario);
            // Healthy: no faults; a model launched later still launches then, fully trained, so only the faults differ.
            var healthy = PlayAsync(scenario with
            {
                Injections = [.. scenario.Injections.Where(i => i.Fault == FaultKind.Launch).Select(i => i with { Magnitude = 0 })],
                Expectations = [],
            }, exercise);
            var doNothing = PlayAsync(scenario, exercise);
            var ideal = scenario.IdealResponse.Count > 0
                ? PlayAsync(scenario with { Actions = [.. scenario.Actions, .. scenario.IdealResponse] }, exercise)
                : null;
            var nothing = await doNothing;
            logger.LogInformation("Exercise {Exercise}: counterfactual runs played", exercise.Id);
            var best = ideal is null ? ((RunImpact Impact, IReadOnlyList<JournalEntry> Journal)?)null : await ideal;
            return new Counterfactuals((await healthy).Impact, nothing.Impact, best?.Impact, nothing.Journal) { IdealJournal = best?.Journal ?? [] };
        }))).Value;

    private static Task<(RunImpact Impact, IReadOnlyList<JournalEntry> Journal)> PlayAsync(Scenario scenario, Exercise exercise) => Task.Run(async () =>
    {
        var run = new ScenarioRun(scenario, new RunOptions { Seed = exercise.Seed, Start = exercise.Start, RunId = exercise.Id }, new MonitorFleetSink());
        await run.RunAsync(CancellationToken.None);
        return (run.Impact.Snapshot(), (IReadOnlyList<JournalEntry>)[.. run.Journal]);
    });

    private async Task SaveAsync(Exercise exercise, CancellationToken ct)
    {
        await store.SaveAsync(exercise, ct);
        _exercises[exercise.Id] = exercise;
    }

    /// <summary>Scenario text as given, or the text of a scenario the run control lists by name (never a path).</summary>
    private string ScenarioText(string scenario)
    {
        if (scenario.Contains('\n')) return scenario;
        var name = scenario.EndsWith(".yaml", StringComparison.Ordinal) ? scenario[..^".yaml".Length] : scenario;
        if (!runs.Scenarios().Contains(name, StringComparer.Ordinal))
            throw new ScenarioException("scenario", "must be scenario text or the name of a shipped scenario; GET /api/scenarios lists them");
        return File.ReadAllText(Path.Combine(options.Value.ResolveScenariosPath(), name + ".yaml"));
    }

    private static ValidationError? Check(ExerciseRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) return new("name", "is required");
        if (r.Name.Length > MaxName) return new("name", $"is longer than {MaxName} characters");
        if (string.IsNullOrWhiteSpace(r.Scenario)) return new("scenario", "is required: a scenario name (GET /api/scenarios) or YAML text");
        if (r.Speed is { } s && (double.IsNaN(s) || s < 0)) return new("speed", "must be >= 0 (0 starts paused; default 1, real time)");
        if (r.Teams is not { Count: > 0 } teams) return new("teams", "is required: at least one team {name, trainees}");
        if (teams.Count > MaxTeams) return new("teams", $"holds {teams.Count} teams; at most {MaxTeams}");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < teams.Count; i++)
        {
            var t = teams[i];
            if (t is null || string.IsNullOrWhiteSpace(t.Name)) return new($"teams[{i}].name", "is required");
            if (t.Name.Length > MaxName) return new($"teams[{i}].name", $"is longer than {MaxName} characters");
            if (!names.Add(t.Name.Trim())) return new($"teams[{i}].name", $"'{t.Name}' is used twice");
            if (t.Trainees is { } trainees)
            {
                if (trainees.Count > MaxTrainees) return new($"teams[{i}].trainees", $"holds {trainees.Count} names; at most {MaxTrainees}");
                for (var j = 0; j < trainees.Count; j++)
                    if (string.IsNullOrWhiteSpace(trainees[j]) || trainees[j].Length > MaxName)
                        return new($"teams[{i}].trainees[{j}]", $"must be a name of 1 to {MaxName} characters");
            }
        }
        return null;
    }

    private const string CodeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read aloud in a room

    private static string NewId(string prefix, int length) => prefix + RandomNumberGenerator.GetString(CodeAlphabet, length);
}
