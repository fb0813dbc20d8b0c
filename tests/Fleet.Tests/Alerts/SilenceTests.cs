using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>Silenced alerts still change state, but nobody is notified or escalated to until the silence ends.</summary>
public sealed class SilenceTests
{
    private static readonly ModelInfo Fraud1 = Model("fraud-1", domain: "fraud", owner: "alice", sources: "transactions");
    private static readonly ModelInfo Churn1 = Model("churn-1", domain: "churn", owner: "bob", sources: "crm");

    [Theory]
    [InlineData(null, null, null, true)]            // everything
    [InlineData("error-rate", null, null, true)]
    [InlineData("latency", null, null, false)]
    [InlineData(null, "fraud-1", null, true)]
    [InlineData(null, "fraud-2", null, false)]
    [InlineData(null, null, "FRAUD", true)]         // domains ignore case
    [InlineData(null, null, "churn", false)]
    [InlineData("error-rate", "fraud-1", "fraud", true)]
    [InlineData("error-rate", "fraud-1", "churn", false)] // every matcher set must match
    public void A_matcher_matches_when_every_field_it_sets_matches(string? rule, string? model, string? domain, bool matches) =>
        Assert.Equal(matches, new SilenceMatcher(rule, model, domain).Matches(new AlertKey("error-rate", "fraud-1"), "fraud"));

    [Fact]
    public void A_silenced_alert_fires_and_joins_an_incident_but_nobody_is_notified_or_escalated_to()
    {
        var desk = new AlertDesk(ErrorRule());
        var silence = desk.Book.Silence(new SilenceMatcher(Model: "fraud-1"), Min(120), "alice", "planned migration", Min(-1));
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));

        var alert = Assert.Single(desk.Book.Alerts(Min(0)));
        Assert.Equal((AlertState.Firing, silence.Id), (alert.State, alert.SilencedBy));
        Assert.NotNull(alert.IncidentId);
        Assert.Empty(desk.Notifications);
        for (var m = 1; m < 120; m++) Assert.Empty(desk.Tick(Min(m)));
        Assert.Null(desk.Book.Incidents().Single().Rung);
    }

    [Fact]
    public void When_a_silence_expires_on_a_firing_alert_the_owner_is_told_and_the_ladder_starts_from_then()
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Book.Silence(new SilenceMatcher(Domain: "fraud"), Min(20), "alice", "known upstream issue", Min(0));
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));
        Assert.Empty(desk.Tick(Min(19.99)));

        var told = Assert.Single(desk.Tick(Min(20)));   // a silence ends at its Until exactly
        Assert.Equal((NotificationKind.Notify, Min(20)), (told.Kind, told.At));
        Assert.Empty(desk.Tick(Min(34.99)));
        Assert.Equal(EscalationRung.PlatformOnCall, Assert.Single(desk.Tick(Min(35))).Rung);
        Assert.Equal(EscalationRung.Lead, Assert.Single(desk.Tick(Min(50))).Rung);
        Assert.Empty(desk.Book.Silences(Min(20)));
        Assert.Single(desk.Book.Silences(Min(20), includeEnded: true));
    }

    [Fact]
    public void A_silence_set_after_the_first_page_holds_back_the_escalation_while_it_lasts()
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));
        Assert.Single(desk.Notifications);
        desk.Book.Silence(new SilenceMatcher(Rule: "error-rate"), Min(60), "alice", "rolling back", Min(5));
        Assert.Empty(desk.Tick(Min(15)));
        Assert.Empty(desk.Tick(Min(59)));
        // Unacknowledged and unsilenced again: both overdue rungs are paged at once.
        Assert.Equal([EscalationRung.PlatformOnCall, EscalationRung.Lead], desk.Tick(Min(60)).Select(n => n.Rung));
    }

    [Fact]
    public void Lifting_a_silence_notifies_at_once()
    {
        var desk = new AlertDesk(ErrorRule());
        var silence = desk.Book.Silence(new SilenceMatcher(Model: "fraud-1"), Min(120), "alice", "test", Min(0));
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));
        Assert.True(desk.Book.Unsilence(silence.Id, "bob", Min(5)));
        Assert.False(desk.Book.Unsilence(silence.Id, "bob", Min(6)));   // already lifted
        Assert.Equal(["alice"], Assert.Single(desk.Tick(Min(5))).Recipients);
        var lifted = Assert.Single(desk.Book.Silences(Min(6), includeEnded: true));
        Assert.Equal(("bob", Min(5)), (lifted.EndedBy, lifted.EndedAt));
    }

    [Fact]
    public void In_an_incident_only_the_unsilenced_models_owners_are_told()
    {
        var desk = new AlertDesk(ErrorRule());
        var a = Model("fraud-1", owner: "alice", sources: "transactions");
        var b = Model("fraud-2", owner: "bob", sources: "transactions");
        desk.Book.Silence(new SilenceMatcher(Model: "fraud-1"), Min(60), "alice", "retraining", Min(0));
        desk.Evaluate(a, ErrorRate(0.05), Min(0));
        desk.Evaluate(b, ErrorRate(0.05), Min(1));
        Assert.Single(desk.Book.Incidents());
        Assert.Equal(["bob"], Assert.Single(desk.Notifications).Recipients);
    }

    [Fact]
    public void A_silence_on_another_domain_changes_nothing()
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Book.Silence(new SilenceMatcher(Domain: "churn"), Min(60), "bob", "churn backfill", Min(0));
        desk.Evaluate(Fraud1, ErrorRate(0.05), Min(0));
        desk.Evaluate(Churn1, ErrorRate(0.05), Min(0));
        Assert.Equal(["alice"], Assert.Single(desk.Notifications).Recipients);
    }

    [Fact]
    public void A_silence_needs_an_end_after_its_start_and_a_reason()
    {
        var book = new AlertBook();
        Assert.Throws<ArgumentException>(() => book.Silence(new SilenceMatcher(), Min(0), "alice", "why", Min(0)));
        Assert.Throws<ArgumentException>(() => book.Silence(new SilenceMatcher(), Min(10), "alice", " ", Min(0)));
        Assert.Equal("SIL-0001", book.Silence(new SilenceMatcher(), Min(10), "alice", "maintenance", Min(0)).Id);
    }
}
