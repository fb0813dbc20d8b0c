using Fleet.Snapshots;
using Fleet.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>Judges a run against its scenario's expectations, like unit tests of the alert rules.</summary>
public static class ExpectationChecker
{
    public static List<ExpectationResult> Check(
        Scenario scenario, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<RunTransition> transitions,
        IReadOnlyDictionary<string, int> finalLevels, Func<TargetSelector, IReadOnlyList<string>> resolve,
        IReadOnlyDictionary<string, RolloutReport> rollouts)
    {
        var results = new List<ExpectationResult>();
        foreach (var e in scenario.Expectations)
        {
            var models = resolve(e.Targets);
            if (models.Count == 0)
            {
                results.Add(new(e.Description, false, $"no model matches {e.Targets}"));
                continue;
            }
            var span = e.Span(scenario, start, end);
            var failures = new List<string>();
            foreach (var model in models)
            {
                var mine = transitions.Where(t => t.Model == model).ToList();
                if (e.ReachesLevel is { } reach && !mine.Any(t => e.Reaches(t.To, t.At, span)))
                    failures.Add($"{model} did not reach level {reach} between {span.From:u} and {span.Until:u}");
                if (e.MaxLevel is { } max && mine.FirstOrDefault(t => t.To > max) is { } over)
                    failures.Add($"{model} went to level {over.To} at {over.At:u}: {over.Reason}");
                if (e.EndsAtMostLevel is { } last && finalLevels.GetValueOrDefault(model, 1) > last)
                    failures.Add($"{model} ended at level {finalLevels[model]}");
                if (e.Rollout is { } rollout && RolloutFailure(model, rollout, rollouts.GetValueOrDefault(model)) is { } failure)
                    failures.Add(failure);
            }
            results.Add(failures.Count == 0
                ? new(e.Description, true, $"{models.Count} model(s) as expected")
                : new(e.Description, false, string.Join("; ", failures.Take(5)) + (failures.Count > 5 ? $" (+{failures.Count - 5} more)" : "")));
        }
        return results;
    }

    /// <summary>Why the monitor's comparison at the end of the run is not the expected one (null: it is).</summary>
    private static string? RolloutFailure(string model, ExpectedRollout expected, RolloutReport? report)
    {
        if (report is null) return $"{model} has no rollout comparison (the run has not ended, or no candidate was declared)";
        if (report.Verdict != expected.Verdict) return $"{model}'s rollout verdict is {report.Verdict}, not {expected.Verdict}: {string.Join("; ", report.Reasons)}";
        if (expected.Segment is { } segment && !report.Reasons.Any(r => r.Contains($"in segment {segment}", StringComparison.Ordinal)))
            return $"{model}'s rollout verdict names no reason in segment {segment}: {string.Join("; ", report.Reasons)}";
        return null;
    }
}
