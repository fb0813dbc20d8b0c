using Fleet.Models;
using Fleet.Simulation;
using Fleet.Simulation.Runs;

namespace Fleet.Tests.Simulation;

/// <summary>A retraining learns from the labels that have arrived when it starts, so late labels make a worse retrain.</summary>
public sealed class RetrainLabelTests
{
    /// <summary>The concept of a credit model moves at 20 min; it is retrained at 40 min and serves the new version from 70 min.</summary>
    private static string Yaml(string labelDelay) => $$"""
        name: late-labels
        seed: 8
        duration: 2h
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 5, shape: flat, labelDelay: {{labelDelay}} }
        injections:
          - { name: shift, at: 20m, fault: concept-drift, targets: { ids: [credit-001] }, magnitude: 2 }
        actions:
          - { at: 40m, action: retrain, targets: { ids: [credit-001] }, by: alice, reason: accuracy fell }
        """;

    private static async Task<(double Drifted, double Retrained, string Journal)> PlayAsync(string labelDelay)
    {
        var (run, sink) = await Sim.RunAsync(Yaml(labelDelay));
        var trace = sink.TraceOf("credit-001");
        double Accuracy(int from, int to) =>
            trace.Between(Sim.T0 + TimeSpan.FromMinutes(from), Sim.T0 + TimeSpan.FromMinutes(to)).Quality(QualityMetricKind.Accuracy);
        return (Accuracy(22, 40), Accuracy(72, 120), run.Journal.Single(j => j.Kind == "retrain").Detail);
    }

    [Fact]
    public async Task Labels_that_arrive_after_the_change_teach_the_new_concept_and_late_ones_teach_the_old()
    {
        // Two-minute labels: those of the 15 minutes before the retrain were all drawn after the change.
        var prompt = await PlayAsync("2m");
        // Forty-minute labels: those that arrived in that span were drawn before the change.
        var late = await PlayAsync("40m");

        // ~5,400 outcomes a side: a standard error of ~0.7 points on each accuracy.
        Assert.True(prompt.Retrained - prompt.Drifted > 0.08, $"a prompt retrain: {prompt.Drifted:P1} -> {prompt.Retrained:P1}");
        Assert.True(prompt.Retrained - late.Retrained > 0.08, $"late labels retrained to {late.Retrained:P1}, prompt ones to {prompt.Retrained:P1}");
        Assert.True(Math.Abs(late.Retrained - late.Drifted) < 0.04, $"late labels still taught the old world: {late.Drifted:P1} -> {late.Retrained:P1}");
        Assert.Contains("learns from the", prompt.Journal);
    }

    [Fact]
    public void A_retraining_with_no_label_arrived_relearns_what_the_model_knew()
    {
        var model = Sim.Model("credit");
        Assert.Equal(0, model.StartRetraining(Sim.T0 + ScenarioRun.RetrainDuration));
        var before = Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20));
        model.CompleteRetraining();
        var after = Sim.Generate(model, TimeSpan.FromMinutes(20));
        Assert.Equal(2, model.Version);
        Assert.Equal(before.Predictions.Select(Sim.Describe), after.Predictions.Select(p => Sim.Describe(p)));
    }
}
