using Fleet.Catalogue;
using Fleet.Monitoring.Alerts;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>
/// An owner's own alert rules on the owner's readings (any declared reading), beside the fleet's: "opt-out rate above
/// 1 % over 7 days", "prediction volume drops by more than 25 %", with bars the fleet's rules (2 %, 30 %) do not reach.
/// </summary>
public sealed class OwnAlertRulesTests
{
    private static readonly ModelAlertRule OptOuts = new("opt-outs-1pct", "optOut.rate@7d", Comparison.Above, 0.01,
        For: TimeSpan.FromHours(1), KeepFiringFor: TimeSpan.Zero, AlertSeverity.Page);
    private static readonly ModelAlertRule VolumeDrop = new("volume-drop-25", "volume.drop@24h", Comparison.Above, 0.25,
        For: TimeSpan.FromHours(1), KeepFiringFor: TimeSpan.Zero, AlertSeverity.Warning, "a quarter of the usual traffic is gone");

    private static IReadOnlyList<string> Firing(Fleet.Monitoring.ModelMonitor monitor) => monitor.Snapshot().ActiveAlerts!;

    [Fact]
    public void An_opt_out_rate_of_one_and_a_half_percent_fires_the_owners_one_percent_rule_and_not_the_fleets_two_percent_one()
    {
        var monitor = TestModels.Monitor(TestModels.Define() with { Alerts = [OptOuts] });
        // 1,000 answered predictions an hour for three hours, 15 of each hour's opting out: 1.5 % over 7 days.
        for (var h = 0; h <= 2; h++)
        {
            var at = T0.AddHours(h);
            var (p, o) = OwnerEvents.Answered(1000, at, at, optOuts: 15);
            monitor.Apply(Ev.Batch(at, p, o));
        }
        Assert.Contains("opt-outs-1pct (firing)", Firing(monitor));
        Assert.DoesNotContain(Firing(monitor), a => a.StartsWith("opt-out-rate", StringComparison.Ordinal));
        var fired = monitor.Level.Alerts.Models[monitor.Definition.Id]["opt-outs-1pct"];
        Assert.Equal(AlertSeverity.Page, fired.Severity);
        Assert.Equal(0.015, fired.Value!.Value, 12);

        // Registered again without it: the alert is retired at the next evaluation, not left firing forever.
        monitor.Redefine(monitor.Definition with { Alerts = null });
        monitor.AdvanceTo(T0.AddHours(2).AddMinutes(1));
        Assert.DoesNotContain(Firing(monitor), a => a.StartsWith("opt-outs-1pct", StringComparison.Ordinal));
    }

    [Fact]
    public void A_volume_drop_of_29_percent_fires_the_owners_25_percent_rule_and_not_the_fleets_30_percent_one()
    {
        var monitor = TestModels.Monitor(TestModels.Define() with { Alerts = [VolumeDrop] });
        var today = Day0.AddDays(20);
        // 240 predictions at 06:00 on each of the 7 days before today, 170 today at 06:00: the last 24 hours (after
        // yesterday 06:00) hold today's alone, (240 - 170) / 240 = 0.2917 (OwnerReadingsTests works the reading itself).
        for (var d = 7; d >= 1; d--) monitor.Apply(Ev.Batch(today.AddDays(-d).AddHours(6), Ev.Many(240, today.AddDays(-d).AddHours(6))));
        monitor.Apply(Ev.Batch(today.AddHours(6), Ev.Many(170, today.AddHours(6))));
        Assert.Equal(70.0 / 240, monitor.CurrentReadings().Read(Readings.VolumeDrop.At(Fleet.Models.WindowSpan.OneDay))!.Value, 12);
        Assert.Contains("volume-drop-25 (pending)", Firing(monitor));
        monitor.AdvanceTo(today.AddHours(7));
        Assert.Contains("volume-drop-25 (firing)", Firing(monitor));
        Assert.DoesNotContain(Firing(monitor), a => a.StartsWith("volume-drop (", StringComparison.Ordinal));
    }
}
