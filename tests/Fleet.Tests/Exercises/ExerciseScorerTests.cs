using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;
using Fleet.Silo.Exercises;

namespace Fleet.Tests.Exercises;

/// <summary>
/// The score of one team from series worked by hand (one-minute ticks, 20 played; the faults hurt m1 from tick 3;
/// the healthy run serves 1 wrong of 100 every tick): each figure below is counted in the comments.
/// </summary>
public sealed class ExerciseScorerTests
{
    private static readonly DateTimeOffset S = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);
    private static readonly ServedCounts Healthy = new(100, 1, 0), Hurt = new(100, 21, 10);

    private static RunImpact Run(Func<int, ServedCounts> tick, ServedCounts m1, ServedCounts m2) =>
        new(S, Tick, [.. Enumerable.Range(0, 20).Select(tick)], new Dictionary<string, ServedCounts> { ["m1"] = m1, ["m2"] = m2 });

    private static Counterfactuals Counterfactuals() => new(
        Healthy: Run(_ => Healthy, new(1000, 10, 0), new(1000, 10, 0)),
        DoNothing: Run(k => k < 3 ? Healthy : Hurt, new(1000, 350, 170), new(1000, 10, 0)),
        Ideal: Run(k => k is 3 or 4 ? Hurt : Healthy, new(1000, 50, 20), new(1000, 10, 0)),
        DoNothingJournal: [Entry(3, "injection", "drift", "scenario"), Entry(15, "retrain", "m2", "scenario")]);

    private static JournalEntry Entry(double minute, string kind, string target, string by) => new(S.AddMinutes(minute), kind, target, by, "");

    [Fact]
    public void A_scripted_team_gets_the_times_impact_and_useless_actions_worked_by_hand()
    {
        // The team: the same as doing nothing up to tick 5; its retrain of m1 (at 5m) serves from tick 6, which has
        // 6 wrong and 10 degraded; from tick 7 on it serves like the healthy run.
        var team = Run(k => k is >= 3 and <= 5 ? Hurt : k == 6 ? new(100, 6, 10) : Healthy, new(1000, 75, 40), new(1000, 10, 50));
        var journal = new[]
        {
            Entry(1, "acknowledge", "m1", "ana"),
            Entry(2, "kill-switch", "m2", "bo"),      // m2 was never hurt: useless
            Entry(3, "injection", "drift", "scenario"),
            Entry(5, "retrain", "m1", "ana"),
            Entry(15, "retrain", "m2", "scenario"),    // the scenario's own responder, not the team's
        };
        var incidents = new[]
        {
            Incident("INC-0001", ["m1"], detected: 4, acknowledged: 7),
            Incident("INC-0002", ["m2"], detected: 3, acknowledged: 3.5), // holds no affected model
        };
        var alerts = new[]
        {
            Alert("m1", AlertState.Firing, acked: false, silenced: false), // the one left unacknowledged
            Alert("m1", AlertState.Firing, acked: true, silenced: false),
            Alert("m2", AlertState.Firing, acked: false, silenced: true),
            Alert("m2", AlertState.Resolved, acked: false, silenced: false),
        };

        var score = ExerciseScorer.Score(Counterfactuals(), new ExerciseScorer.TeamRun("red", "run-red", team, journal, incidents, alerts));

        Assert.Equal(S.AddMinutes(3), score.ImpactStart);                 // the first tick doing nothing differs from healthy
        Assert.Equal(TimeSpan.FromMinutes(4), score.TimeToDetect);        // acknowledged at 7m - impact at 3m
        Assert.Equal(TimeSpan.FromMinutes(3), score.TimeToAcknowledge);   // acknowledged at 7m - detected at 4m
        Assert.Equal(TimeSpan.FromMinutes(2), score.TimeToMitigate);      // tick 6 beats doing nothing; the retrain at 5m - 3m
        Assert.Equal("retrain m1 by ana", score.MitigatedBy);
        Assert.Equal(TimeSpan.FromMinutes(4), score.TimeToResolve);       // last impaired tick 6 ends at 7m - 3m; 13 clean minutes follow
        Assert.Equal(3 * 20 + 5, score.ImpactWrong);                      // ticks 3-5: 20 each; tick 6: 6 - 1
        Assert.Equal(3 * 10 + 10, score.ImpactDegraded);                  // ticks 3-5: 10 each; tick 6: 10
        Assert.Equal(105, score.Impact);
        Assert.Equal(17 * 30, score.DoNothingImpact);                     // ticks 3-19, 30 each
        Assert.Equal(2 * 30, score.IdealImpact);                          // ticks 3-4
        Assert.Equal(45, score.ExcessOverIdeal);
        Assert.Equal([("kill-switch", "m2")], score.UselessActions.Select(a => (a.Action, a.Model)));
        Assert.Equal(1, score.UnacknowledgedAlerts);
        Assert.Equal(["acknowledge m1", "kill-switch m2", "retrain m1"], score.Actions.Select(a => $"{a.Action} {a.Model}"));
    }

    [Fact]
    public void A_team_that_does_nothing_gets_the_full_impact_and_no_times()
    {
        var c = Counterfactuals();
        var score = ExerciseScorer.Score(c, new ExerciseScorer.TeamRun("blue", "run-blue", c.DoNothing, c.DoNothingJournal, [], []));

        Assert.Equal(510, score.Impact);
        Assert.Equal(score.DoNothingImpact, score.Impact);
        Assert.Equal(450, score.ExcessOverIdeal);
        Assert.Null(score.TimeToDetect);
        Assert.Null(score.TimeToAcknowledge);
        Assert.Null(score.TimeToMitigate);
        Assert.Null(score.TimeToResolve); // still impaired at the last tick played
        Assert.Empty(score.Actions);
        Assert.Empty(score.UselessActions);
    }

    [Fact]
    public void Impact_counts_only_the_ticks_a_team_has_played()
    {
        var c = Counterfactuals();
        var halfway = new RunImpact(S, Tick, [.. c.DoNothing.Ticks.Take(5)], c.DoNothing.Models);
        var score = ExerciseScorer.Score(c, new ExerciseScorer.TeamRun("green", "run-green", halfway, [], [], []));

        Assert.Equal(2 * 30, score.Impact);          // ticks 3-4
        Assert.Equal(2 * 30, score.DoNothingImpact); // over the same ticks
        Assert.Equal(0, score.ExcessOverIdeal);
    }

    private static IncidentView Incident(string id, string[] models, double detected, double acknowledged) => new(
        id, id, Open: true, AlertSeverity.Page, new IncidentCause(IncidentCauseKind.Model, models), [], models,
        new IncidentMilestones(S.AddMinutes(detected), S.AddMinutes(detected), S.AddMinutes(acknowledged), null, null),
        "ana", null, null, []);

    private static AlertView Alert(string model, AlertState state, bool acked, bool silenced) => new(
        "model-degraded", model, state, S, 3, AlertSeverity.Page, "", new ModelInfo(model, "credit", null, null, []), S,
        acked ? "ana" : null, acked ? S.AddMinutes(8) : null, silenced ? "SIL-1" : null, null);
}
