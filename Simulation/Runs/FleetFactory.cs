using Fleet.Models;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>Builds the simulated fleet of a scenario: one <see cref="SimulatedModel"/> and one registration per model.</summary>
public static class FleetFactory
{
    public sealed record Member(SimulatedModel Model, ModelDefinition Definition);

    /// <summary>What a simulated prediction costs to serve, in the unit of its users' value.</summary>
    public const double CostPerPrediction = 0.002;

    public static List<Member> Build(Scenario scenario, int seed, DateTimeOffset start)
    {
        var members = new List<Member>(scenario.ModelCount);
        foreach (var entry in FleetRoster.Of(scenario.Fleet))
        {
            var group = entry.Group;
            var profile = DomainDefaults.For(group.Domain);
            var model = new SimulatedModel(seed, entry.Id, entry.Id, group.Domain, profile.Metric, group.RatePerSecond ?? scenario.Traffic.RatePerSecond,
                entry.DataSources, group.Tags, scenario.Traffic.LabelDelay)
            {
                UserResponses = scenario.Traffic.Responses,
                HoldoutShare = scenario.Traffic.HoldoutShare,
            };
            var definition = Definition(group, model, entry.Number, start);
            if (group.Candidate is { } candidate)
            {
                model.Candidate = new SimulatedCandidate(candidate.Version, RolloutStages.Share(candidate.Stage), candidate.WeakSegment, candidate.WeakFlip,
                    Shadow: candidate.Stage == RolloutStage.Shadow);
                definition = definition with { Candidate = new CandidateVersion(candidate.Version, candidate.Stage) };
            }
            // A model whose users' value is simulated declares what a prediction costs, so its return can be read.
            members.Add(new Member(model, scenario.Traffic.Responses ? definition with { CostPerPrediction = CostPerPrediction } : definition));
        }
        return members;
    }

    /// <summary>The registration a simulated model's owner would make; "none" as owner leaves the gap open on purpose.</summary>
    public static ModelDefinition Definition(FleetGroup group, SimulatedModel model, int n, DateTimeOffset start)
    {
        var owner = group.Owner switch { null => $"{group.Domain}-owner", "none" => null, var o => o };
        Durations.TryParse(group.RetrainEvery, out var every);
        var retraining = group.RetrainEvery == "none" ? null : new RetrainingSchedule(every, start - TimeSpan.FromDays(1));
        return new ModelDefinition(
            model.Id, $"{Title(group.Domain)} #{n}", group.Domain, owner, group.Team ?? $"{group.Domain}-team", "1",
            model.Metric, DomainDefaults.BaselineFor(group.Domain, model.Metric), 0.5, model.DataSources, [],
            retraining, RolloutStage.Full, null, DomainDefaults.ThresholdsFor(group.Domain, model.Metric), group.WithThresholds);
    }

    private static string Title(string domain) => domain.Length == 0 ? domain : char.ToUpperInvariant(domain[0]) + domain[1..].Replace('-', ' ');
}
