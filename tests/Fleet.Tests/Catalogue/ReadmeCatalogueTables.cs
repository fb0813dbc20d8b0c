using System.Globalization;
using System.Text;
using Fleet.Catalogue;

namespace Fleet.Tests.Catalogue;

/// <summary>
/// Writes README's tables of the level thresholds and the alert rules from the catalogue (<see cref="CatalogueView"/>):
/// between the markers <c>&lt;!-- catalogue:NAME --&gt;</c> and <c>&lt;!-- /catalogue:NAME --&gt;</c>, nothing is
/// written by hand.
/// </summary>
internal static class ReadmeCatalogueTables
{
    /// <summary>The domain whose defaults the thresholds table shows: the generic profile.</summary>
    public const string Domain = "other";

    public static IReadOnlyDictionary<string, string> Render(CatalogueView catalogue) => new Dictionary<string, string>
    {
        ["thresholds"] = Thresholds(catalogue),
        ["shaped"] = Shaped(catalogue),
        ["rules"] = Rules(catalogue),
    };

    /// <summary><paramref name="readme"/> with each marked block replaced by its table.</summary>
    public static string Apply(string readme, IReadOnlyDictionary<string, string> tables)
    {
        foreach (var (name, table) in tables)
        {
            var (open, close) = ($"<!-- catalogue:{name} -->\n", $"<!-- /catalogue:{name} -->");
            var start = readme.IndexOf(open, StringComparison.Ordinal);
            var end = readme.IndexOf(close, StringComparison.Ordinal);
            if (start < 0 || end < start) throw new InvalidOperationException($"README has no {open.Trim()} … {close} block");
            readme = readme[..(start + open.Length)] + table + readme[end..];
        }
        return readme;
    }

    private static string Thresholds(CatalogueView catalogue)
    {
        var levels = catalogue.Levels.ToDictionary(l => l.Level, l => l.Name);
        var text = new StringBuilder();
        text.AppendLine("| breach | field | reading | breached when (generic default) | window, N ≥ | level |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var t in catalogue.Thresholds)
        {
            var limit = t.Defaults[Domain];
            var when = limit is null ? "off unless set" : $"{t.Comparison} {Number(limit.Value)}";
            var window = limit is null ? "–" : $"{limit.Window}, {limit.MinSamples.ToString("N0", CultureInfo.InvariantCulture)}";
            text.AppendLine($"| `{t.Name}`: {t.Description} | `{t.Field}` | `{t.Reading}` | {when} | {window} | {t.Level} {levels[t.Level]} |");
        }
        return text.ToString();
    }

    private static string Shaped(CatalogueView catalogue)
    {
        var text = new StringBuilder();
        text.AppendLine("| threshold | meaning | generic default |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var s in catalogue.Shaped)
        {
            foreach (var f in s.Fields)
                text.AppendLine($"| `{s.Field}.{f.Name}` | {f.Description} | {s.Defaults[Domain][f.Name]} |");
        }
        return text.ToString();
    }

    private static string Rules(CatalogueView catalogue)
    {
        var text = new StringBuilder();
        text.AppendLine("| rule | condition | for | keep firing | severity |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in catalogue.AlertRules)
            text.AppendLine($"| `{r.Name}`: {r.Description} | `{r.Reading} {r.Comparison} {Number(r.Threshold)}` | {r.For} | {r.KeepFiringFor} | {r.Severity} |");
        foreach (var b in catalogue.BurnRateRules)
        {
            foreach (var w in b.Windows)
                text.AppendLine($"| `{w.Alert}`: {b.Description} | {b.Indicator} burn ({string.Join(" + ", b.Readings.Select(r => $"`{r}`"))}) > {Number(w.Factor)}x " +
                    $"over {w.Long} and {w.Short} (objective {Number(b.Objective)}) | {w.For} | {w.KeepFiringFor} | {w.Severity} |");
        }
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
