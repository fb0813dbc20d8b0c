using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>What survives a restart through the Orleans serializer: clocks keep running where they were.</summary>
public sealed class AlertPersistenceTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private T RoundTrip<T>(T value)
    {
        var serializer = _services.GetRequiredService<Serializer>();
        return serializer.Deserialize<T>(serializer.SerializeToArray(value))!;
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void A_pending_alert_restored_from_storage_fires_when_its_original_for_runs_out()
    {
        var rules = new AlertRuleSet([ErrorRule(@for: Minutes(5), keep: Minutes(10))], []);
        var before = new AlertEvaluator(rules);
        before.Evaluate("m1", "fraud", ErrorRate(0.05), Min(0));

        var after = new AlertEvaluator(rules, RoundTrip(before.State));
        Assert.Empty(after.Evaluate("m1", "fraud", ErrorRate(0.05), Min(4)));
        var firing = Assert.Single(after.Evaluate("m1", "fraud", ErrorRate(0.05), Min(5)));
        Assert.Equal((AlertState.Firing, Min(0)), (firing.To, firing.ActiveSince));
    }

    [Fact]
    public void The_alert_book_restored_from_storage_keeps_incidents_silences_and_the_ladder_clock()
    {
        var desk = new AlertDesk(ErrorRule());
        desk.Evaluate(Model("a", "fraud", owner: "alice", sources: "s"), ErrorRate(0.05), Min(0));
        desk.Evaluate(Model("b", "churn", owner: "bob", sources: "s"), ErrorRate(0.05), Min(1));
        var silence = desk.Book.Silence(new SilenceMatcher(Domain: "credit"), Min(60), "carol", "backfill", Min(2));

        var book = RoundTrip(desk.Book);
        Assert.Equal(desk.Book.Incidents().Single().Title, book.Incidents().Single().Title);
        Assert.Equal(silence, Assert.Single(book.Silences(Min(3))));
        Assert.Equal(2, book.Alerts(Min(3)).Count);
        // Both owners were told before the restart: nobody is told again; on-call is paged 15 minutes after the first page.
        Assert.Empty(book.Tick(Min(14)));
        Assert.Equal(EscalationRung.PlatformOnCall, Assert.Single(book.Tick(Min(15))).Rung);
        Assert.True(book.Acknowledge(new AlertKey("error-rate", "b"), "bob", Min(16)));
        // Numbering continues where it stopped.
        Assert.Equal("SIL-0002", book.Silence(new SilenceMatcher(), Min(70), "carol", "maintenance", Min(16)).Id);
    }

    [Fact]
    public void Transitions_cross_the_wire_intact()
    {
        var t = new AlertTransition("r", "m", AlertState.Pending, AlertState.Firing, Min(5), 0.5, AlertSeverity.Page, "msg", Min(0));
        Assert.Equal(t, RoundTrip(t));
    }
}
