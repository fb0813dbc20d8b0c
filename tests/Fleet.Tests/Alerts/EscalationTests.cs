using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>Who is told, when, and how acknowledging stops the ladder (owner -> platform on-call -> lead).</summary>
public sealed class EscalationTests
{
    private static readonly ModelInfo Fraud1 = Model("fraud-1", owner: "alice", sources: "transactions");

    private static AlertDesk Firing(AlertSeverity severity = AlertSeverity.Page, ModelInfo? model = null, AlertBookOptions? options = null)
    {
        var desk = new AlertDesk(new AlertRuleSet([ErrorRule(severity: severity)], []), options);
        desk.Evaluate(model ?? Fraud1, ErrorRate(0.05), Min(0));
        return desk;
    }

    [Fact]
    public void A_page_tells_the_owner_at_once_then_platform_on_call_at_15_minutes_and_the_lead_at_30()
    {
        var desk = Firing();
        var first = Assert.Single(desk.Notifications);
        Assert.Equal((NotificationKind.Notify, EscalationRung.Owner, AlertSeverity.Page, Min(0)), (first.Kind, first.Rung, first.Severity, first.At));
        Assert.Equal(["alice"], first.Recipients);
        Assert.Contains("errorRate@5m = 0.05 > 0.01", first.Reason);

        Assert.Empty(desk.Tick(Min(14.99)));
        var onCall = Assert.Single(desk.Tick(Min(15)));
        Assert.Equal((NotificationKind.Escalate, EscalationRung.PlatformOnCall), (onCall.Kind, onCall.Rung));
        Assert.Equal(["platform-on-call"], onCall.Recipients);
        Assert.Contains("unacknowledged for 15m", onCall.Reason);
        Assert.Empty(desk.Tick(Min(15)));     // due once
        Assert.Empty(desk.Tick(Min(29.99)));
        var lead = Assert.Single(desk.Tick(Min(30)));
        Assert.Equal((EscalationRung.Lead, "platform-lead"), (lead.Rung, Assert.Single(lead.Recipients)));
        Assert.Empty(desk.Tick(Min(600)));    // the top of the ladder
        Assert.Equal(EscalationRung.Lead, desk.Book.Incidents().Single().Rung);
    }

    [Fact]
    public void A_late_tick_escalates_to_every_rung_that_fell_due_in_order()
    {
        var desk = Firing();
        Assert.Equal([EscalationRung.PlatformOnCall, EscalationRung.Lead], desk.Tick(Min(45)).Select(n => n.Rung));
    }

    [Fact]
    public void Configured_delays_and_names_replace_the_defaults()
    {
        var options = AlertBookOptions.Default with { ToPlatformOnCall = Minutes(5), ToLead = Minutes(20), PlatformOnCall = "sre", Lead = "vp" };
        var desk = Firing(options: options);
        Assert.Empty(desk.Tick(Min(4)));
        Assert.Equal(["sre"], Assert.Single(desk.Tick(Min(5))).Recipients);
        Assert.Empty(desk.Tick(Min(19)));
        Assert.Equal(["vp"], Assert.Single(desk.Tick(Min(20))).Recipients);
    }

    [Fact]
    public void Acknowledging_the_alert_stops_the_ladder_and_is_recorded_on_alert_and_incident()
    {
        var desk = Firing();
        Assert.True(desk.Book.Acknowledge(new AlertKey("error-rate", "fraud-1"), "alice", Min(10)));
        Assert.Empty(desk.Tick(Min(15)));
        Assert.Empty(desk.Tick(Min(30)));
        Assert.Empty(desk.Tick(Min(300)));

        var alert = Assert.Single(desk.Book.Alerts(Min(30)));
        Assert.Equal(("alice", Min(10)), (alert.AcknowledgedBy, alert.AcknowledgedAt));
        var incident = desk.Book.Incidents().Single();
        Assert.Equal("alice", incident.AcknowledgedBy);
        Assert.Equal(Minutes(10), incident.Milestones.TimeToAcknowledge);
        Assert.Equal(EscalationRung.Owner, incident.Rung);
    }

    [Fact]
    public void Acknowledging_after_on_call_was_paged_stops_the_lead_being_paged()
    {
        var desk = Firing();
        desk.Tick(Min(15));
        var id = desk.Book.Incidents().Single().Id;
        Assert.True(desk.Book.Acknowledge(id, "oncall-bob", Min(20)));
        Assert.Empty(desk.Tick(Min(30)));
        Assert.Equal("oncall-bob", Assert.Single(desk.Book.Alerts(Min(30))).AcknowledgedBy);
        // The first acknowledgement is the one kept.
        Assert.True(desk.Book.Acknowledge(id, "lead-carol", Min(25)));
        Assert.Equal(Min(20), desk.Book.Incident(id)!.Milestones.Acknowledged);
    }

    [Fact]
    public void Only_a_firing_alert_in_an_open_incident_can_be_acknowledged()
    {
        var desk = new AlertDesk(ErrorRule(@for: Minutes(5)));
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));
        Assert.False(desk.Book.Acknowledge(new AlertKey("error-rate", "fraud-1"), "alice", Min(1)));  // pending
        Assert.False(desk.Book.Acknowledge(new AlertKey("error-rate", "nobody"), "alice", Min(1)));
        Assert.False(desk.Book.Acknowledge("INC-9999", "alice", Min(1)));
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(5));
        desk.Evaluate(Fraud1, ErrorRate(0.0), Min(6));
        Assert.False(desk.Book.Acknowledge("INC-0001", "alice", Min(7)));                          // closed
    }

    [Fact]
    public void A_warning_is_a_ticket_for_the_owner_and_never_escalates()
    {
        var desk = Firing(AlertSeverity.Warning);
        var ticket = Assert.Single(desk.Notifications);
        Assert.Equal((AlertSeverity.Warning, EscalationRung.Owner), (ticket.Severity, ticket.Rung));
        Assert.Empty(desk.Tick(Min(15)));
        Assert.Empty(desk.Tick(Min(600)));
    }

    [Fact]
    public void Info_alerts_notify_nobody()
    {
        var desk = Firing(AlertSeverity.Info);
        Assert.Empty(desk.Notifications);
        Assert.Empty(desk.Tick(Min(60)));
        Assert.Single(desk.Book.Incidents(open: true));
    }

    [Fact]
    public void A_model_without_an_owner_goes_to_its_team_and_without_a_team_to_platform_on_call_once()
    {
        var teamOnly = Firing(model: Model("m1", owner: null, team: "risk"));
        Assert.Equal(["risk"], Assert.Single(teamOnly.Notifications).Recipients);

        var nobody = Firing(model: Model("m2", owner: null, team: null));
        Assert.Equal(["platform-on-call"], Assert.Single(nobody.Notifications).Recipients);
        // On-call already has the page: its rung passes without paging it twice; the lead still follows.
        Assert.Empty(nobody.Tick(Min(15)));
        Assert.Equal(["platform-lead"], Assert.Single(nobody.Tick(Min(30))).Recipients);
    }

    [Fact]
    public void A_warning_incident_joined_by_a_page_pages_the_owner_and_starts_the_ladder_then()
    {
        var desk = new AlertDesk(ErrorRule(name: "errors-warn", severity: AlertSeverity.Warning),
            ErrorRule(name: "errors-page", severity: AlertSeverity.Page) with { Threshold = 0.2 });
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));
        Assert.Equal(AlertSeverity.Warning, Assert.Single(desk.Notifications).Severity);
        Assert.Empty(desk.Tick(Min(15)));

        desk.Evaluate(Fraud1, ErrorRate(0.5), Min(20));
        var page = desk.Notifications[^1];
        Assert.Equal((NotificationKind.Notify, AlertSeverity.Page, Min(20)), (page.Kind, page.Severity, page.At));
        Assert.Equal(["alice"], page.Recipients);
        Assert.Single(desk.Book.Incidents());
        Assert.Empty(desk.Tick(Min(34)));
        Assert.Equal(EscalationRung.PlatformOnCall, Assert.Single(desk.Tick(Min(35))).Rung);
    }

    [Fact]
    public void When_the_incident_resolves_everyone_who_was_told_hears_it_once()
    {
        var desk = Firing();
        desk.Tick(Min(15));
        desk.Evaluate(Fraud1, ErrorRate(0.0), Min(20));
        var resolved = desk.Notifications[^1];
        Assert.Equal(NotificationKind.Resolved, resolved.Kind);
        Assert.Equal(["alice", "platform-on-call"], resolved.Recipients.Order());
        Assert.Empty(desk.Tick(Min(30)));
        Assert.Single(desk.Book.Incidents(open: false));
    }
}
