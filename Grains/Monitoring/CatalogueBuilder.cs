using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring;

/// <summary>Turns the declarations (readings, limits, shaped thresholds, the default alert rules) into the <see cref="CatalogueView"/>.</summary>
public static class CatalogueBuilder
{
    /// <summary>The key the defaults of a domain Fleet has no profile for are listed under.</summary>
    public const string OtherDomains = "other";

    public static CatalogueView Build() => new(
        [.. Enum.GetValues<DegradationLevel>().Select(l => new LevelEntry((int)l, l.Describe()))],
        [.. Readings.All.Select(r => new ReadingEntry(r.Name, Camel(r.Unit.ToString()), [.. r.Keys.Where(k => k.Window is not null).Select(k => k.Window!)],
            r.Judged, r.Description))],
        [.. QualityEntries(), .. ThresholdCatalogue.Limits.Select(LimitEntryOf)],
        [.. DefaultAlertRules.Set.Thresholds.Select(r => new AlertRuleEntry(r.Name, r.Reading.Text, r.Comparison.Symbol(), r.Threshold,
            Durations.Format(r.For), Durations.Format(r.KeepFiringFor), Camel(r.Severity.ToString()), r.Scope.ToString(), r.Description))],
        [.. DefaultAlertRules.Set.BurnRates.Select(b => new BurnRateEntry(b.Name, b.Indicator.Name, [.. b.Indicator.Readings.Select(r => r.Name)],
            b.Objective, [.. b.Windows.Select(w => new BurnWindowEntry(b.AlertName(w), w.Long.Name(), w.Short.Name(), w.Factor,
                Camel(w.Severity.ToString()), Durations.Format(w.For), Durations.Format(w.KeepFiringFor)))], b.Description))],
        [ShapedEntryOf(ThresholdCatalogue.Quality, t => t.Quality), ShapedEntryOf(ThresholdCatalogue.Hysteresis, t => t.Hysteresis)]);

    /// <summary>Every domain with a profile, then <see cref="OtherDomains"/>, with its default thresholds.</summary>
    public static IEnumerable<(string Domain, Thresholds Thresholds, DomainDefaults.Profile Profile)> Domains() =>
        DomainDefaults.KnownDomains.Order(StringComparer.Ordinal).Append(OtherDomains)
            .Select(d => (d, DomainDefaults.ThresholdsFor(d), DomainDefaults.For(d)));

    private static ThresholdEntry LimitEntryOf(LimitDeclaration d) =>
        new(d.Name, d.Field, d.Reading.Name, Camel(d.Kind.ToString()), Symbol(d.Direction, d.Inclusive), (int)d.Level, d.Description,
            Domains().ToDictionary(x => x.Domain, x => EntryOf(x.Thresholds[d])));

    private static LimitEntry? EntryOf(Limit? limit) => limit is null ? null : new(limit.Value, limit.Window.Name(), limit.MinSamples);

    private static ShapedEntry ShapedEntryOf<T>(ShapedDeclaration<T> d, Func<Thresholds, T> of) =>
        new(d.Field, d.Description, [.. d.Fields.Select(f => new ShapedFieldEntry(f.Name, Camel(f.Kind.ToString()), f.Description))],
            Domains().ToDictionary(x => x.Domain, x => d.View(of(x.Thresholds)).ToDictionary(v => v.Key, v => Text(v.Value))));

    private static string Text(object value) => value is double number
        ? number.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
        : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    // The quality targets are not limits: their launch bar and the baseline are listed as the two breaches they call.
    private static IEnumerable<ThresholdEntry> QualityEntries()
    {
        yield return new(ThresholdCatalogue.QualityBelowBaseline, ThresholdCatalogue.Quality.Field, Readings.Quality.Name, "metric", "<=",
            (int)DegradationLevel.GenericFallback, "quality no better than the baseline (what users get without the model); >= for MAE",
            Domains().ToDictionary(x => x.Domain, x => (LimitEntry?)new LimitEntry(x.Profile.Baseline, x.Thresholds.Quality.Window.Name(), x.Thresholds.Quality.MinSamples)));
        yield return new(ThresholdCatalogue.QualityBelowLaunch, ThresholdCatalogue.Quality.Field, Readings.Quality.Name, "metric", "<",
            (int)DegradationLevel.RulesFallback, "quality below the launch bar; > for MAE",
            Domains().ToDictionary(x => x.Domain, x => (LimitEntry?)new LimitEntry(x.Thresholds.Quality.Launch, x.Thresholds.Quality.Window.Name(), x.Thresholds.Quality.MinSamples)));
    }

    private static string Symbol(LimitDirection direction, bool inclusive) => direction == LimitDirection.UpperBound
        ? inclusive ? ">=" : ">"
        : inclusive ? "<=" : "<";

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
