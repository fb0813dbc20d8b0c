using Fleet.Actions;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Tests.Simulation;

namespace Fleet.Tests.Actions;

/// <summary>A scenario's scripted actions and a run's queued ones are the declared operator actions, checked by their declaration.</summary>
public sealed class ScenarioAndRunActionTests
{
    private const string Model = "credit-001";

    public static TheoryData<string> Names => ActionCases.Names;
    public static TheoryData<string, string> Broken => ActionCases.Broken;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_declared_model_action_is_scripted_by_a_scenario_and_queued_into_a_run_and_both_are_journaled(string name)
    {
        var valid = ActionCases.Valid(name);
        var run = new ScenarioRun(Sim.Parse(ActionCases.ScenarioYaml(name, valid, Model)), new RunOptions(), new MonitorFleetSink());
        await run.StepUntil(TimeSpan.FromMinutes(2));

        Assert.Null(await run.EnqueueAsync(new RunAction(Model, name.ToUpperInvariant(), "dana", "by hand", valid.Level, valid.Stage, "cli", valid.Duration)));
        await run.StepAsync();

        var entries = run.Journal.Where(e => e.Kind == name && e.Target == Model).ToList();
        Assert.Equal(["erin", "dana"], entries.Select(e => e.By));
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task An_invalid_parameter_gets_the_declaration_s_field_and_reason_from_a_scenario_and_from_a_run(string name, string parameter)
    {
        var broken = ActionCases.BrokenIn(name, parameter);
        var (_, expected) = OperatorActions.Validate(name, ActionTarget.Model, broken);
        Assert.Equal(parameter, expected!.Field);

        var refused = Assert.Throws<ScenarioException>(() => Sim.Parse(ActionCases.ScenarioYaml(name, broken, Model)));
        Assert.Equal(($"actions[0].{parameter}", expected.Reason), (refused.Field, refused.Reason));

        var run = new ScenarioRun(Sim.Parse(ActionCases.Scenario), new RunOptions(), new MonitorFleetSink());
        await run.StepAsync();
        var queued = await run.EnqueueAsync(new RunAction(Model, name, broken.By!, broken.Reason!, broken.Level, broken.Stage, null, broken.Duration, broken.Rule));
        Assert.Equal(expected, queued);
    }

    [Fact]
    public void Only_actions_that_change_what_a_model_serves_are_serving_actions()
    {
        Assert.Equal(["retrain", "rollback", "force-level", "kill-switch", "rollout", "release"],
            OperatorActions.All.Where(a => a.Serving).Select(a => a.Name));
        Assert.False(OperatorActions.IsServing("acknowledge"));
        Assert.True(OperatorActions.IsAction("silence"));
        Assert.False(OperatorActions.IsAction(JournalKinds.Injection));
    }
}
