using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>
/// Alerts on many models that share a cause become one incident: a shared data source first, then a shared
/// domain, within the grouping window (10 minutes from the incident's first alert); otherwise alone.
/// </summary>
public sealed class IncidentGroupingTests
{
    private static readonly string[] Domains = ["fraud", "recommendations", "churn", "support", "credit"];

    /// <summary>Fifty models of five domains and five owners; each reads user-profile and a source of its own.</summary>
    private static List<ModelInfo> UserProfileReaders() =>
        Enumerable.Range(0, 50)
            .Select(i => Model($"model-{i:D2}", Domains[i % 5], owner: $"owner-{i % 5}", sources: ["user-profile", $"features-{i:D2}"]))
            .ToList();

    [Fact]
    public void Fifty_models_reading_one_source_that_fire_within_two_minutes_make_one_incident_with_correct_milestones()
    {
        // error-rate > 1% for 5m, keep firing 10m. Model i's errors start at i x 2.4 s (all within two minutes),
        // so it goes pending then, and fires five minutes later: first at 09:05:00, last at 09:06:57.6.
        var desk = new AlertDesk(ErrorRule(@for: Minutes(5), keep: Minutes(10)));
        var models = UserProfileReaders();
        var start = models.Select((m, i) => (Model: m, At: T0.AddSeconds(i * 2.4))).ToList();
        foreach (var (model, at) in start) desk.Evaluate(model, ErrorRate(0.08), at);
        foreach (var (model, at) in start) desk.Evaluate(model, ErrorRate(0.08), at + Minutes(5));
        Assert.Equal(50, desk.Transitions.Count(t => t.To == AlertState.Firing));

        var incident = Assert.Single(desk.Book.Incidents());
        Assert.Equal("50 models reading user-profile", incident.Title);
        Assert.Equal(IncidentCauseKind.DataSource, incident.Cause.Kind);
        Assert.Equal(["user-profile"], incident.Cause.Values);
        Assert.Equal(50, incident.Alerts.Count);
        Assert.Equal(50, incident.Models.Distinct().Count());
        Assert.Equal(Min(0), incident.Milestones.ImpactStarted);  // the earliest pending time
        Assert.Equal(Min(5), incident.Milestones.Detected);        // the first firing
        Assert.Equal(Minutes(5), incident.Milestones.TimeToDetect);

        // One notification per owner (five), not a page per model; all about this incident.
        Assert.Equal(5, desk.Notifications.Count);
        Assert.All(desk.Notifications, n => Assert.Equal((incident.Id, NotificationKind.Notify), (n.IncidentId, n.Kind)));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"owner-{i}"), desk.Notifications.SelectMany(n => n.Recipients).Order());

        Assert.True(desk.Book.Acknowledge(incident.Id, "platform-sre", Min(8)));
        Assert.Empty(desk.Tick(Min(30)));

        // The source recovers at 09:20 for every model; keep_firing_for holds them until 09:30.
        foreach (var m in models) desk.Evaluate(m, ErrorRate(0.001), Min(20));
        Assert.True(desk.Book.Incident(incident.Id)!.Open);
        foreach (var m in models) desk.Evaluate(m, ErrorRate(0.001), Min(30));

        var closed = desk.Book.Incident(incident.Id)!;
        Assert.False(closed.Open);
        var ms = closed.Milestones;
        Assert.Equal((Min(0), Min(5), Min(8), Min(20), Min(30)), (ms.ImpactStarted, ms.Detected, ms.Acknowledged, ms.Mitigated, ms.Resolved));
        Assert.Equal((Minutes(5), Minutes(3), Minutes(20), Minutes(30)),
            (ms.TimeToDetect, ms.TimeToAcknowledge!.Value, ms.TimeToMitigate!.Value, ms.TimeToResolve!.Value));
        Assert.Null(closed.MitigatedBy);
        Assert.Single(desk.Notifications, n => n.Kind == NotificationKind.Resolved);
        Assert.Equal(50, desk.Book.Alerts(Min(30), new AlertFilter(State: AlertState.Resolved)).Count);
    }

    [Fact]
    public void Two_unrelated_domains_failing_at_the_same_time_make_two_incidents()
    {
        var desk = new AlertDesk(ErrorRule());
        for (var i = 0; i < 5; i++)
        {
            desk.Evaluate(Model($"fraud-{i}", "fraud", owner: "alice", sources: "transactions"), ErrorRate(0.05), Min(i * 0.2));
            desk.Evaluate(Model($"churn-{i}", "churn", owner: "bob", sources: "crm-export"), ErrorRate(0.05), Min(i * 0.2 + 0.1));
        }
        Assert.Equal(["5 models reading crm-export", "5 models reading transactions"], desk.Book.Incidents().Select(i => i.Title).Order());
        Assert.All(desk.Book.Incidents(), i => Assert.Equal(5, i.Alerts.Count));
    }

    [Fact]
    public void A_model_that_shares_no_source_or_domain_with_an_open_incident_gets_its_own()
    {
        var desk = new AlertDesk(ErrorRule());
        foreach (var m in UserProfileReaders().Take(10)) desk.Evaluate(m, ErrorRate(0.05), Min(0));
        var demand = Model("demand-7", "forecasting", owner: "dana", sources: "weather-feed");
        desk.Evaluate(demand, ErrorRate(0.05), Min(1));

        Assert.Equal(2, desk.Book.Incidents().Count);
        var own = desk.Book.IncidentOf(new AlertKey("error-rate", "demand-7"))!;
        Assert.Equal(("demand-7: error-rate", IncidentCauseKind.Model), (own.Title, own.Cause.Kind));
        Assert.Equal(["demand-7"], own.Models);
        Assert.Equal(["dana"], desk.Notifications[^1].Recipients);
    }

    [Fact]
    public void Models_of_one_domain_with_no_common_source_group_by_domain()
    {
        var desk = new AlertDesk(ErrorRule());
        for (var i = 0; i < 3; i++) desk.Evaluate(Model($"fraud-{i}", "fraud", sources: $"source-{i}"), ErrorRate(0.05), Min(i));
        var incident = Assert.Single(desk.Book.Incidents());
        Assert.Equal(("3 models in fraud", IncidentCauseKind.Domain), (incident.Title, incident.Cause.Kind));
    }

    [Fact]
    public void An_incident_grouped_by_a_source_is_not_joined_by_a_model_of_its_domain_that_does_not_read_it()
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Evaluate(Model("fraud-1", "fraud", sources: "transactions"), ErrorRate(0.05), Min(0));
        desk.Evaluate(Model("fraud-2", "fraud", sources: "transactions"), ErrorRate(0.05), Min(1));
        desk.Evaluate(Model("fraud-3", "fraud", sources: "device-fingerprint"), ErrorRate(0.05), Min(2));
        Assert.Equal(["2 models reading transactions", "fraud-3: error-rate"], desk.Book.Incidents().Select(i => i.Title).Order());
    }

    [Fact]
    public void The_common_sources_narrow_as_models_join()
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Evaluate(Model("a", "fraud", sources: ["user-profile", "feature-store"]), ErrorRate(0.05), Min(0));
        desk.Evaluate(Model("b", "churn", sources: ["user-profile", "feature-store"]), ErrorRate(0.05), Min(1));
        Assert.Equal("2 models reading user-profile and feature-store", Assert.Single(desk.Book.Incidents()).Title);
        desk.Evaluate(Model("c", "support", sources: ["feature-store"]), ErrorRate(0.05), Min(2));
        Assert.Equal("3 models reading feature-store", Assert.Single(desk.Book.Incidents()).Title);
    }

    [Theory]
    [InlineData(10.0, 1)]   // the window's edge is still inside
    [InlineData(10.5, 2)]
    public void A_model_reading_the_source_joins_only_within_the_grouping_window_of_the_first_alert(double minutes, int incidents)
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Evaluate(Model("a", "fraud", sources: "user-profile"), ErrorRate(0.05), Min(0));
        desk.Evaluate(Model("b", "churn", sources: "user-profile"), ErrorRate(0.05), Min(minutes));
        Assert.Equal(incidents, desk.Book.Incidents().Count);
    }

    [Fact]
    public void Another_alert_on_a_model_already_in_an_open_incident_joins_it_even_after_the_window()
    {
        var desk = new AlertDesk(ErrorRule(), ErrorRule(name: "errors-critical") with { Threshold = 0.2 });
        var m = Model("fraud-1", "fraud", sources: "transactions");
        desk.Evaluate(m, ErrorRate(0.05), Min(0));
        desk.Evaluate(m, ErrorRate(0.5), Min(45));
        var incident = Assert.Single(desk.Book.Incidents());
        Assert.Equal("fraud-1: error-rate, errors-critical", incident.Title);
        Assert.Equal(2, incident.Alerts.Count);
    }

    [Fact]
    public void An_alert_that_fires_again_after_its_incident_closed_opens_a_new_one()
    {
        var desk = new AlertDesk(ErrorRule());
        var m = Model("fraud-1", "fraud", sources: "transactions");
        desk.Evaluate(m, ErrorRate(0.05), Min(0));
        desk.Evaluate(m, ErrorRate(0.0), Min(5));
        desk.Evaluate(m, ErrorRate(0.05), Min(6));
        Assert.Equal(["INC-0002", "INC-0001"], desk.Book.Incidents().Select(i => i.Id));
        Assert.Equal([true, false], desk.Book.Incidents().Select(i => i.Open));
        Assert.Equal("INC-0002", Assert.Single(desk.Book.Alerts(Min(6))).IncidentId);
    }

    [Fact]
    public void An_incident_stays_open_until_every_alert_in_it_resolved()
    {
        var desk = new AlertDesk(ErrorRule());
        var a = Model("a", "fraud", sources: "s");
        var b = Model("b", "fraud", sources: "s");
        desk.Evaluate(a, ErrorRate(0.05), Min(0));
        desk.Evaluate(b, ErrorRate(0.05), Min(1));
        desk.Evaluate(a, ErrorRate(0.0), Min(4));
        Assert.True(Assert.Single(desk.Book.Incidents()).Open);
        // a fires again while b still holds the incident open: it rejoins the same incident.
        desk.Evaluate(a, ErrorRate(0.05), Min(6));
        desk.Evaluate(a, ErrorRate(0.0), Min(8));
        desk.Evaluate(b, ErrorRate(0.0), Min(9));
        var incident = Assert.Single(desk.Book.Incidents());
        Assert.False(incident.Open);
        Assert.Equal((Min(9), Min(9)), (incident.Milestones.Mitigated, incident.Milestones.Resolved));
    }

    [Fact]
    public void An_operator_can_mark_an_incident_mitigated_before_its_alerts_clear()
    {
        var desk = new AlertDesk(ErrorRule(@for: Minutes(2), keep: Minutes(10)));
        var m = Model("fraud-1", "fraud", sources: "transactions");
        desk.Evaluate(m, ErrorRate(0.05), Min(0));
        desk.Evaluate(m, ErrorRate(0.05), Min(2));
        var id = desk.Book.Incidents().Single().Id;
        Assert.True(desk.Book.Mitigate(id, "alice", Min(7)));
        Assert.False(desk.Book.Mitigate(id, "bob", Min(8)));      // already mitigated
        desk.Evaluate(m, ErrorRate(0.0), Min(12));
        desk.Evaluate(m, ErrorRate(0.0), Min(22));

        var ms = desk.Book.Incident(id)!.Milestones;
        Assert.Equal((Min(0), Min(2), (DateTimeOffset?)null, Min(7), Min(22)), (ms.ImpactStarted, ms.Detected, ms.Acknowledged, ms.Mitigated, ms.Resolved));
        Assert.Equal((Minutes(2), (TimeSpan?)null, Minutes(7), Minutes(22)), (ms.TimeToDetect, ms.TimeToAcknowledge, ms.TimeToMitigate, ms.TimeToResolve));
        Assert.Equal("alice", desk.Book.Incident(id)!.MitigatedBy);
    }

    [Fact]
    public void Alerts_and_incidents_can_be_queried_by_state_model_domain_severity_and_openness()
    {
        var desk = new AlertDesk(ErrorRule(), ErrorRule(name: "errors-warn", severity: AlertSeverity.Warning, @for: Minutes(5)));
        desk.Evaluate(Model("f1", "fraud", sources: "tx"), ErrorRate(0.05), Min(0));
        desk.Evaluate(Model("c1", "churn", sources: "crm"), ErrorRate(0.05), Min(0));
        desk.Evaluate(Model("c1", "churn", sources: "crm"), ErrorRate(0.0), Min(1));

        var all = desk.Book.Alerts(Min(1));
        Assert.Equal(4, all.Count);
        Assert.Equal(("error-rate", "f1", AlertState.Firing), (all[0].Rule, all[0].Model, all[0].State)); // firing first
        Assert.Equal(["f1"], desk.Book.Alerts(Min(1), new AlertFilter(State: AlertState.Firing)).Select(a => a.Model));
        Assert.Equal(["f1"], desk.Book.Alerts(Min(1), new AlertFilter(State: AlertState.Pending)).Select(a => a.Model));
        Assert.Equal(2, desk.Book.Alerts(Min(1), new AlertFilter(Model: "c1")).Count);
        Assert.Equal(2, desk.Book.Alerts(Min(1), new AlertFilter(Domain: "Fraud")).Count);
        Assert.Equal(["errors-warn", "errors-warn"], desk.Book.Alerts(Min(1), new AlertFilter(Severity: AlertSeverity.Warning)).Select(a => a.Rule));
        Assert.Equal(("churn", "alice"), (all.Single(a => a is { Model: "c1", Rule: "error-rate" }).ModelInfo.Domain, all[0].ModelInfo.Owner));

        Assert.Equal(["f1"], desk.Book.Incidents(open: true).SelectMany(i => i.Models));
        Assert.Equal(["c1"], desk.Book.Incidents(open: false).SelectMany(i => i.Models));
        Assert.Equal(2, desk.Book.Incidents().Count);
        Assert.Null(desk.Book.Incident("INC-0404"));
    }

    [Fact]
    public void Closed_incidents_beyond_the_configured_number_are_dropped_oldest_first()
    {
        var desk = new AlertDesk(new AlertRuleSet([ErrorRule()], []), AlertBookOptions.Default with { MaxClosedIncidents = 3 });
        var m = Model("fraud-1", "fraud", sources: "transactions");
        for (var i = 0; i < 5; i++)
        {
            desk.Evaluate(m, ErrorRate(0.05), Min(2 * i));
            desk.Evaluate(m, ErrorRate(0.0), Min(2 * i + 1));
        }
        Assert.Equal(["INC-0005", "INC-0004", "INC-0003"], desk.Book.Incidents().Select(i => i.Id));
    }
}
