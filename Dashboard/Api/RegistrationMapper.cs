using Fleet.Models;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Turns a registration into a <see cref="ModelDefinition"/>: fills the domain's defaults, checks
/// every value's range, and names the first field that is wrong.
/// </summary>
public static class RegistrationMapper
{
    public static (ModelDefinition? Definition, ApiError? Error) Map(string id, ModelRegistrationRequest r)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 128 || id.Any(c => char.IsWhiteSpace(c) || c == '/'))
            return Fail("id", "must be 1-128 characters without spaces or '/'");
        if (r.Id is not null && r.Id != id) return Fail("id", $"'{r.Id}' in the body differs from '{id}' in the path");
        if (string.IsNullOrWhiteSpace(r.Domain)) return Fail("domain", "is required (e.g. " + string.Join(", ", DomainDefaults.KnownDomains.Take(4)) + ")");
        var domain = r.Domain.Trim().ToLowerInvariant();

        var metric = DomainDefaults.For(domain).Metric;
        if (r.QualityMetric is not null && !Enum.TryParse(r.QualityMetric, ignoreCase: true, out metric))
            return Fail("qualityMetric", "must be one of accuracy, precision, recall, relevance, mae");
        var baseline = r.Baseline ?? DomainDefaults.BaselineFor(domain, metric);
        if (baseline is { } b && (!double.IsFinite(b) || b < 0 || (!metric.LowerIsBetter() && b > 1)))
            return Fail("baseline", metric.LowerIsBetter() ? "must be a finite number >= 0" : "must be a fraction from 0 to 1");
        var decision = r.DecisionThreshold ?? 0.5;
        if (!double.IsFinite(decision)) return Fail("decisionThreshold", "must be a finite number");

        var stage = RolloutStage.Full;
        if (r.RolloutStage is not null && !RolloutStages.TryParse(r.RolloutStage, out stage))
            return Fail("rolloutStage", "must be one of shadow, 1%, 5%, 10%, 25%, 100%, segment");
        if (stage == RolloutStage.Segment && string.IsNullOrWhiteSpace(r.RolloutSegment))
            return Fail("rolloutSegment", "is required when rolloutStage is segment");

        RetrainingSchedule? retraining = null;
        if (r.Retraining is not null)
        {
            if (!Durations.TryParse(r.Retraining.Every, out var every))
                return Fail("retraining.every", "must be a duration such as 1d, 7d or 12h");
            retraining = new RetrainingSchedule(every, r.Retraining.LastTrainedAt);
        }

        var (thresholds, error) = ThresholdsMapper.Map(r.Thresholds, DomainDefaults.ThresholdsFor(domain, metric), metric);
        if (error is not null) return (null, error);

        if (r.CostPerPrediction is { } cost && (!double.IsFinite(cost) || cost < 0))
            return Fail("costPerPrediction", "must be a finite number >= 0");
        var version = string.IsNullOrWhiteSpace(r.Version) ? "1" : r.Version.Trim();
        CandidateVersion? candidate = null;
        if (r.Candidate is { } c)
        {
            if (string.IsNullOrWhiteSpace(c.Version) || c.Version.Length > 128) return Fail("candidate.version", "is required (1-128 characters)");
            if (c.Version.Trim() == version) return Fail("candidate.version", $"is the registered version '{version}'; a candidate is another one");
            if (!RolloutStages.TryParse(c.Stage ?? "shadow", out var candidateStage) || candidateStage is RolloutStage.Full or RolloutStage.Segment)
                return Fail("candidate.stage", "must be one of shadow, 1%, 5%, 10%, 25% (promote a candidate by registering it as the version)");
            candidate = new CandidateVersion(c.Version.Trim(), candidateStage);
        }

        var (alerts, alertsError) = AlertRulesMapper.Map(r.Alerts);
        if (alertsError is not null) return (null, alertsError);

        var definition = new ModelDefinition(
            id, string.IsNullOrWhiteSpace(r.Name) ? id : r.Name.Trim(), domain, Blank(r.Owner), Blank(r.Team),
            version, metric, baseline, decision,
            r.DataSources ?? [], r.SensitiveData ?? [], retraining, stage, Blank(r.RolloutSegment),
            thresholds!, ThresholdsSetByOwner: r.Thresholds is not null, r.CostPerPrediction, candidate, alerts);
        return (definition, null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static (ModelDefinition?, ApiError?) Fail(string field, string reason) => (null, ApiError.For(field, reason));
}
