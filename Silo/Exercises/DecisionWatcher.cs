using System.Collections.Concurrent;
using Fleet.Exercises;
using Fleet.Runs;
using Fleet.Silo.Runs;
using Fleet.Silo.Storage;
using Fleet.Simulation.Scenarios;

namespace Fleet.Silo.Exercises;

/// <summary>
/// The decision points of the team runs this silo plays. A run plays on one silo at a time, so each question is asked once
/// in the cluster, by its run's silo: it holds the run at each point its team has not met yet, notices the run stopping
/// there and records the question in the exercise's store. A run this silo adopts (its silo died or stopped) is held
/// again at the points still ahead as soon as it plays here; at start, before the first tick of the runs the adopter has
/// just resumed (registered after it: hosted services start in order).
/// </summary>
public sealed class DecisionWatcher(RunCoordinator runs, IExerciseStore store, TimeProvider clock, ILogger<DecisionWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    // The team runs whose holds this silo has set (a run's holds live with its clock, on the silo that plays it).
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<DecisionPoint>> _points = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await WatchAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await WatchAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not watch the exercises' decision points");
            }
        }
    }

    /// <summary>
    /// Makes a team's run, started here, stop by itself at each decision point its team has not met yet. A time the run has
    /// already passed (or is jumping to while resumed) is not held: a hold also stops a jump, and a point there was met.
    /// </summary>
    public void Hold(RunStatus status, IReadOnlyList<DecisionPoint> points, IReadOnlyCollection<int> met)
    {
        _held[status.Id] = true;
        var from = status.JumpingTo ?? status.Now;
        var ahead = points.Select((point, i) => (point, i)).Where(p => !met.Contains(p.i)).ToList();
        var times = ahead.Where(p => !p.point.Triggered).Select(p => status.Start + p.point.At!.Value).Where(t => t >= from).ToList();
        if (times.Count > 0) runs.HoldAt(status.Id, times);
        if (ahead.Where(p => p.point.Triggered).Select(p => p.i).ToList() is { Count: > 0 } triggered) runs.HoldAtTriggers(status.Id, triggered);
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        foreach (var run in _held.Keys.Where(run => !runs.Hosts(run))) _held.TryRemove(run, out _);
        if (runs.List().Count == 0) return; // no team run plays here: nothing to read
        foreach (var exercise in (await store.ListAsync(ct)).Where(e => e.State is Exercise.Running or Exercise.Paused))
        {
            var points = _points.GetOrAdd(exercise.Id, _ => ScenarioLoader.Parse(exercise.Scenario).DecisionPoints);
            if (points.Count == 0) continue;
            var asked = new List<DecisionRecord>();
            foreach (var team in exercise.Teams)
            {
                if (team.RunId is not { } run || runs.Get(run) is not { } status) continue;
                var met = exercise.Decisions.Where(d => d.Team == team.Name).Select(d => d.Point).ToList();
                if (!_held.ContainsKey(run))
                {
                    Hold(status, points, met);
                    logger.LogInformation("Exercise {Exercise}: the run {Run} of team {Team} plays here; held at its decision points ahead", exercise.Id, run, team.Name);
                    continue;
                }
                if (status.State != RunStates.Paused) continue;
                for (var i = 0; i < points.Count; i++)
                    if (!met.Contains(i) && AskedAt(points[i], i, run, status) == status.Now)
                    {
                        asked.Add(new DecisionRecord(team.Name, i, points[i].Question, points[i].Choices, status.Now, clock.GetUtcNow()));
                        // The clock stopped itself; saying so through the run control puts "paused" in the run's journal,
                        // so a restart resumes the run stopped at the point, still waiting for the facilitator.
                        runs.Pause(run);
                    }
            }
            if (asked.Count > 0) await RecordAsync(exercise.Id, asked, ct);
        }
    }

    /// <summary>Records the questions as asked when the runs stopped, so a team's time to answer runs from then.</summary>
    private async Task RecordAsync(string id, IReadOnlyList<DecisionRecord> asked, CancellationToken ct)
    {
        await using var held = await store.LockAsync(id, ct);
        if (await store.GetAsync(id, ct) is not { } current) return;
        var fresh = asked.Where(a => !current.Decisions.Any(d => d.Team == a.Team && d.Point == a.Point)).ToList();
        if (fresh.Count > 0) await store.SaveAsync(current with { Decisions = [.. current.Decisions, .. fresh] }, ct);
    }

    /// <summary>When the point stops this team's run: its time, or the end of the tick in which it happened in the team's own run (null before).</summary>
    private DateTimeOffset? AskedAt(DecisionPoint point, int index, string run, RunStatus status) =>
        point.At is { } at ? status.Start + at : runs.TriggeredAt(run, index);
}
