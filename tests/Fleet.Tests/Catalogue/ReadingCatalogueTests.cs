using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Owner;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Catalogue;

/// <summary>The readings are declared once: an evaluation produces exactly the declared ones, and rules name only those.</summary>
public sealed class ReadingCatalogueTests
{
    [Fact]
    public void An_evaluation_writes_every_declared_reading_and_nothing_else()
    {
        var monitor = TestModels.Monitor();
        var at = Clock.T0;
        monitor.Apply(Ev.Batch(at, [.. Ev.Many(2_000, at)]));
        var windows = monitor.State.Windows.AllMetrics(monitor.Definition.QualityMetric);

        var readings = ModelSignals.From(monitor.Definition, windows, monitor.Level.Level, null, [],
            new Fleet.Monitoring.Levels.InputSignals(0.1, 500, 0.2, 500, 0.05, 2_000));
        OwnerReadings.Fill(readings, monitor.State.Owner.Engagement, at.UtcTicks, costPerPrediction: null);

        Assert.Equal(Readings.Keys.Select(k => k.Text), readings.Written().Select(w => w.Key.Text));
    }

    [Fact]
    public void Every_key_is_found_by_its_text_and_the_texts_are_the_ones_rules_were_written_with()
    {
        foreach (var key in Readings.Keys) Assert.Same(key, Readings.Find(key.Text));
        Assert.Null(Readings.Find("slowShare@5m"));
        Assert.Equal("errorRate@5m", Readings.ErrorRate.At(WindowSpan.FiveMinutes).Text);
        Assert.Equal("optOut.rate@7d", Readings.OptOutRate.At(Fleet.Snapshots.OwnerWindow.SevenDays).Text);
        Assert.Equal("volume.drop@24h", Readings.VolumeDrop.At(WindowSpan.OneDay).Text);
        Assert.Equal("level", Readings.Level.Key.Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => Readings.QualityDrop.At(WindowSpan.FiveMinutes));
        Assert.Throws<InvalidOperationException>(() => Readings.ErrorRate.Key);
    }

    [Fact]
    public void Every_default_rule_reads_a_declared_reading_and_says_so_in_its_expression()
    {
        foreach (var rule in DefaultAlertRules.Set.Thresholds)
        {
            Assert.Same(rule.Reading, Readings.Find(rule.Reading.Text));
            Assert.StartsWith(rule.Reading.Text + " ", rule.Expression);
        }
        foreach (var burn in DefaultAlertRules.Set.BurnRates)
            Assert.All(burn.Indicator.Readings, r => Assert.Contains(r, Readings.All));
    }

    [Fact]
    public void A_reading_left_unwritten_or_nan_is_not_judged_and_clearing_forgets_every_reading()
    {
        var readings = new ModelReadings();
        var errors = Readings.ErrorRate.At(WindowSpan.FiveMinutes);
        Assert.Null(readings[errors]);
        readings[errors] = double.NaN;
        Assert.Null(readings[errors]);
        readings[errors] = 0.02;
        Assert.Equal(0.02, readings[errors]);
        readings.Clear();
        Assert.Null(readings[errors]);
        Assert.Empty(readings.Written());
    }
}
