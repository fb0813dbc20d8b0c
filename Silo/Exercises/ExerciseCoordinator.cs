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
/// Hosts exercises cluster-wide: every call reads the exercise from its store and every change is written there under the
/// store's cluster-wide lock, so any silo's API creates, steers, answers and scores any exercise. It starts one run per
/// team through <see cref="IRunControl"/> (same scenario text, seed and start: each team its own world), steers all of a
/// team's runs together wherever they play, and scores them against counterfactual runs played in this process on the
/// plain path (the same on every silo: they depend on the exercise alone). Decision points are the
/// <see cref="DecisionWatcher"/>'s, on the silo that plays each team's run.
/// </summary>
public sealed class ExerciseCoordinator(IRunControl runs, IExerciseStore store, DecisionWatcher decisions, IGrainFactory grains,
    Fleet.Recordings.IRecordingControl recordings, Storage.Runs.SqlRunJournal journal, IOptions<SimulationOptions> options, TimeProvider clock,
    ILogger<ExerciseCoordinator> logger) : IExerciseControl
{
    public const int MaxTeams = 20, MaxTrainees = 50, MaxName = 100;

    private readonly ConcurrentDictionary<string, Lazy<Task<Counterfactuals>>> _counterfactuals = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct) =>
        (await store.ListAsync(ct)).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();

    public Task<Exercise?> GetAsync(string id, CancellationToken ct) => store.GetAsync(id, ct);

    public async Task<(Exercise? Exercise, ValidationError? Error)> CreateAsync(ExerciseRequest request, CancellationToken ct)
    {
        if (Check(request) is { } refused) return (null, refused);
        string text;
        Fleet.Runs.RunHeader? tabletop = null;
        try
        {
            if (request.Tabletop is { } recorded) tabletop = await TabletopRunAsync(recorded, ct);
            text = tabletop?.ScenarioText ?? (request.Recording is { } recording ? await RecordingTextAsync(recording, ct) : ScenarioText(request.Scenario!));
            ScenarioLoader.Parse(text);
        }
        catch (ScenarioException e)
        {
            return (null, new ValidationError(e.Field, e.Reason));
        }
        var exercise = new Exercise(NewId("ex-", 10), request.Name!.Trim(), text, tabletop?.Seed ?? request.Seed, tabletop?.Start ?? request.Start,
            tabletop is null ? request.Speed : 0, Exercise.Created,
            request.Teams!.Select(t => new ExerciseTeam(t.Name!.Trim(), [.. t.Trainees ?? []], NewId("", 10), null)).ToList(),
            clock.GetUtcNow(), request.By ?? "facilitator") { Tabletop = tabletop?.Id };
        await store.SaveAsync(exercise, ct);
        return (exercise, null);
    }

    public async Task<(Exercise? Exercise, ValidationError? Error)> SteerAsync(string id, string command, CancellationToken ct)
    {
        await using var held = await store.LockAsync(id, ct);
        if (await store.GetAsync(id, ct) is not { } exercise) return (null, null);
        var tabletop = exercise.Tabletop is not null;
        var (allowed, next) = command switch
        {
            "start" => (exercise.State == Exercise.Created, Exercise.Running),
            "pause" => (!tabletop && exercise.State == Exercise.Running, Exercise.Paused),
            // Running too: a decision point stops every team's run, and only the facilitator's resume plays on.
            "resume" => (!tabletop && exercise.State is Exercise.Paused or Exercise.Running, Exercise.Running),
            "next" => (tabletop && exercise.State == Exercise.Running, Exercise.Running),
            "end" => (exercise.State != Exercise.Ended, Exercise.Ended),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not an exercise command"),
        };
        if (!allowed)
            return (exercise, new ValidationError("state", (tabletop, command) switch
            {
                (true, "pause" or "resume") => "a tabletop never plays live: next steps it to its next decision point",
                (false, "next") => "only a tabletop steps from decision point to decision point: resume plays on",
                _ => $"the exercise is {exercise.State}: it cannot {command}",
            }));
        var teams = exercise.Teams;
        switch (command)
        {
            case "start":
                var started = new List<ExerciseTeam>();
                foreach (var (team, i) in teams.Select((t, i) => (t, i)))
                {
                    // Named after the exercise and team number, never the scenario: trainees see their world's name. A
                    // tabletop's team replays the recorded run, paused, with the recorded actions.
                    var (status, error) = exercise.Tabletop is { } recorded
                        ? await runs.ReplayAsync(recorded, new ReplayRequest(Speed: 0), ct)
                        : await runs.StartAsync(exercise.Scenario, exercise.Seed, exercise.Start, exercise.Speed ?? 1, null, ct, name: $"{exercise.Id}-team{i + 1}");
                    if (status is null && error is null) error = new ValidationError("tabletop", $"run '{exercise.Tabletop}' is no longer recorded");
                    if (error is not null)
                    {
                        foreach (var t in started) await runs.StopAsync(t.RunId!);
                        return (exercise, error);
                    }
                    started.Add(team with { RunId = status!.Id });
                    decisions.Hold(status, ScenarioLoader.Parse(exercise.Scenario).DecisionPoints, met: []); // it starts here
                }
                teams = started;
                _ = CounterfactualsOf(exercise with { Teams = started }); // played in the background while the teams play
                break;
            case "pause":
                foreach (var team in teams) await runs.PauseAsync(team.RunId!);
                break;
            case "resume":
                foreach (var team in teams) await runs.ResumeAsync(team.RunId!);
                break;
            case "next":
                // Plays at once toward the end; the hold at the next decision point stops it there.
                foreach (var team in teams)
                    if (await runs.GetAsync(team.RunId!, ct) is { State: "running" or "paused" } status && status.Now < status.End) await runs.JumpAsync(team.RunId!, status.End);
                break;
            case "end":
                foreach (var team in teams.Where(t => t.RunId is not null)) await runs.StopAsync(team.RunId!);
                break;
        }
        var changed = exercise with { State = next, Teams = teams };
        await store.SaveAsync(changed, ct);
        return (changed, null);
    }

    public async Task<ExerciseScore?> ScoreAsync(string id, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } exercise) return null;
        var c = await CounterfactualsOf(exercise).WaitAsync(ct);
        var teams = await TeamRunsAsync(exercise);
        var scores = teams.Select(team => ExerciseScorer.Score(c, team)).ToList();
        if (!c.Truth)
            // Every team plays the same recording, so their alert books fire alike: the impact start and affected models are theirs.
            return new ExerciseScore(exercise.Id, exercise.State, scores.Select(s => s.ImpactStart).Min(),
                [.. teams.SelectMany(t => t.Incidents).SelectMany(i => i.Models).Distinct().Order(StringComparer.Ordinal)],
                [.. scores.OrderBy(s => s.TimeToDetect ?? TimeSpan.MaxValue).ThenBy(s => s.Team, StringComparer.Ordinal)])
            { NotScored = ExerciseScore.TruthScores };
        return new ExerciseScore(exercise.Id, exercise.State, c.ImpactStart, [.. c.Affected.Order(StringComparer.Ordinal)],
            [.. scores.OrderBy(s => s.Impact).ThenBy(s => s.Team, StringComparer.Ordinal)])
        {
            IdealResponse = ExerciseScorer.TeamActions(c.IdealJournal, c.DoNothingJournal),
        };
    }

    public async Task<ExerciseTimeline?> TimelineAsync(string id, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } exercise) return null;
        var c = await CounterfactualsOf(exercise).WaitAsync(ct);
        var teams = new List<TeamTimeline>();
        foreach (var team in await TeamRunsAsync(exercise))
            teams.Add(TimelineBuilder.Build(c, team, ExerciseScorer.Score(c, team), exercise.Decisions, (await runs.GetAsync(team.RunId!, ct))?.Now));
        return new ExerciseTimeline(exercise.Id, exercise.State, c.ImpactStart, teams);
    }

    /// <summary>What each team's run has played so far, as scores and timelines read it (teams whose run is not playing here are left out).</summary>
    private async Task<IReadOnlyList<ExerciseScorer.TeamRun>> TeamRunsAsync(Exercise exercise)
    {
        var teams = new List<ExerciseScorer.TeamRun>();
        foreach (var team in exercise.Teams)
        {
            if (team.RunId is not { } run || await runs.ImpactAsync(run) is not { } impact) continue;
            var book = grains.AlertBook(run);
            teams.Add(new ExerciseScorer.TeamRun(team.Name, run, impact, (await runs.SummaryAsync(run))?.Journal ?? [], await book.Incidents(null), await book.Alerts(null)));
        }
        return teams;
    }

    public async Task<DecisionRecord?> OpenQuestionAsync(string world, CancellationToken ct) =>
        await SeatedAsync(world, ct) is var (exercise, team) ? exercise.Decisions.LastOrDefault(d => d.Team == team.Name && d.AnsweredAt is null) : null;

    public async Task<(DecisionRecord? Answered, ValidationError? Error)> AnswerAsync(string world, DecisionAnswerRequest answer, CancellationToken ct)
    {
        if (await SeatedAsync(world, ct) is not var (seated, _)) return (null, new ValidationError("world", "no exercise team plays this world"));
        await using var held = await store.LockAsync(seated.Id, ct);
        if (await store.GetAsync(seated.Id, ct) is not { } exercise || Seat(exercise, world) is not { } team)
            return (null, new ValidationError("world", "no exercise team plays this world"));
        var open = exercise.Decisions.LastOrDefault(d => d.Team == team.Name && d.AnsweredAt is null);
        if (open is null) return (null, new ValidationError("point", "no question is open for this team"));
        if (answer.Point is { } p && p != open.Point) return (null, new ValidationError("point", $"the open question is point {open.Point}"));
        if (string.IsNullOrWhiteSpace(answer.Answer) && answer.Choice is null) return (null, new ValidationError("answer", "is required: free text, a choice, or both"));
        if (answer.Answer is { Length: > ScenarioLoader.MaxQuestion }) return (null, new ValidationError("answer", $"is longer than {ScenarioLoader.MaxQuestion} characters"));
        if (answer.Choice is { } c && !open.Choices.Contains(c)) return (null, new ValidationError("choice", $"must be one of the question's choices: {string.Join(", ", open.Choices)}"));
        var now = clock.GetUtcNow();
        var answered = open with { Answer = answer.Answer?.Trim(), Choice = answer.Choice, By = answer.By ?? "trainee", AnsweredAt = now, TimeTaken = now - open.AskedAt };
        await store.SaveAsync(exercise with { Decisions = [.. exercise.Decisions.Select(d => d == open ? answered : d)] }, ct);
        var said = string.Join(": ", new[] { answered.Choice, answered.Answer }.Where(t => !string.IsNullOrEmpty(t)));
        if (await runs.NoteAsync(world, JournalKinds.Decision, team.Name, answered.By!, $"point {open.Point}: {said}") is { } unjournaled)
            logger.LogWarning("Exercise {Exercise}: the answer of {Team} is not in its run's journal: {Reason}", exercise.Id, team.Name, unjournaled.Reason);
        return (answered, null);
    }

    /// <summary>The playing exercise and team whose run is <paramref name="world"/>, if any.</summary>
    private async Task<(Exercise Exercise, ExerciseTeam Team)?> SeatedAsync(string world, CancellationToken ct)
    {
        foreach (var exercise in await store.ListAsync(ct))
            if (Seat(exercise, world) is { } team) return (exercise, team);
        return null;
    }

    private static ExerciseTeam? Seat(Exercise exercise, string world) =>
        exercise.State is Exercise.Running or Exercise.Paused ? exercise.Teams.FirstOrDefault(t => t.RunId == world) : null;

    public async Task<TraineeSeat?> JoinAsync(string code, CancellationToken ct)
    {
        foreach (var exercise in (await store.ListAsync(ct)).Where(e => e.State is Exercise.Running or Exercise.Paused))
            foreach (var team in exercise.Teams)
                if (team.RunId is { } world && CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(team.JoinCode), System.Text.Encoding.UTF8.GetBytes(code.Trim())))
                    return new TraineeSeat(exercise.Id, team.Name, world);
        return null;
    }

    public async Task<bool> AdmitsAsync(TraineeSeat seat, CancellationToken ct) =>
        await store.GetAsync(seat.Exercise, ct) is { State: Exercise.Running or Exercise.Paused } exercise
        && exercise.Teams.Any(t => t.Name == seat.Team && t.RunId == seat.World);

    /// <summary>
    /// The healthy, do-nothing and ideal runs of an exercise, played once on the plain path (same scenario, seed and start).
    /// Recorded models have no simulator truth and change nothing a simulated model serves, so they are left out; a
    /// scenario whose length the recordings set lasts as long as the teams' runs. Without simulated models there is no truth.
    /// </summary>
    public Task<Counterfactuals> CounterfactualsOf(Exercise exercise) =>
        _counterfactuals.GetOrAdd(exercise.Id, _ => new Lazy<Task<Counterfactuals>>(() => Task.Run(async () =>
        {
            var scenario = ScenarioLoader.Parse(exercise.Scenario);
            RunStatus? played = null;
            foreach (var team in exercise.Teams)
                if (team.RunId is { } run && (played = await runs.GetAsync(run)) is not null) break;
            if (scenario.ModelCount == 0 || (scenario.DurationFromRecordings && played is null))
                return Counterfactuals.WithoutTruth(played?.Start ?? exercise.Start ?? scenario.Start ?? RunOptions.DefaultStart, scenario.Tick);
            scenario = scenario with { Recordings = [], Duration = scenario.DurationFromRecordings ? played!.End - played.Start : scenario.Duration };
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

    /// <summary>The recorded run a tabletop steps through: it must have ended and declare decision points to stop at.</summary>
    private async Task<Fleet.Runs.RunHeader> TabletopRunAsync(string id, CancellationToken ct)
    {
        if (await journal.GetAsync(id, ct) is not { } header) throw new ScenarioException("tabletop", $"no recorded run '{id}'; GET /api/runs lists them");
        if (header.Unfinished) throw new ScenarioException("tabletop", $"run '{id}' is still playing: a tabletop steps through an ended run");
        if (ScenarioLoader.Parse(header.ScenarioText).DecisionPoints.Count == 0)
            throw new ScenarioException("tabletop", $"run '{id}' has no decision points (its scenario's decisionPoints) to step through");
        return header;
    }

    /// <summary>The scenario that plays one stopped recording or import alone (what a run of it plays).</summary>
    private async Task<string> RecordingTextAsync(string recording, CancellationToken ct)
    {
        if (World.Problem(recording) is { } problem) throw new ScenarioException("recording", problem);
        if (await recordings.GetAsync(recording, ct) is not { } found)
            throw new ScenarioException("recording", $"'{recording}' is not a recording or an import; GET /api/recordings lists them");
        if (found.State == Recordings.SqlRecordingStore.Recording) throw new ScenarioException("recording", $"'{recording}' is still recording: stop it first");
        return Fleet.Recordings.RecordingScenario.Text(recording);
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
        if (r.Recording is not null && !string.IsNullOrWhiteSpace(r.Scenario))
            return new("recording", "and scenario are both given: an exercise plays one (a scenario may list recordings)");
        if (r.Tabletop is not null && (r.Recording is not null || !string.IsNullOrWhiteSpace(r.Scenario)))
            return new("tabletop", "is given with a scenario or a recording: a tabletop steps through the recorded run alone");
        if (r.Tabletop is null && r.Recording is null && string.IsNullOrWhiteSpace(r.Scenario))
            return new("scenario", "is required: a scenario name (GET /api/scenarios) or YAML text, or give a recording");
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
