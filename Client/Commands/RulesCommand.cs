using System.CommandLine;
using System.Globalization;
using Fleet.Catalogue;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet rules [--domain D] [--json]`: what the server judges models by (GET /api/catalogue): the level thresholds with
/// the domain's defaults, the alert and burn-rate rules, the readings they read, and the level names.
/// </summary>
internal static class RulesCommand
{
    public static Command Create(CliSession session)
    {
        var domain = new Option<string?>("--domain") { Description = "Show this domain's default thresholds (default: a domain Fleet has no profile for)" };
        var json = CommandInputs.JsonOption();
        var command = new Command("rules", "The level thresholds with their defaults, the alert and burn-rate rules, and the readings they read") { domain, json };
        command.SetAction(async (parse, ct) =>
        {
            var (raw, catalogue) = await session.Api(parse).GetCatalogueAsync(ct);
            if (parse.GetValue(json))
            {
                session.Output.WriteLine(raw);
                return ExitCodes.Ok;
            }
            var shown = parse.GetValue(domain) ?? "other";
            if (catalogue.Thresholds.Count > 0 && !catalogue.Thresholds[0].Defaults.ContainsKey(shown))
                throw new UsageException($"--domain: '{shown}' is not one of {string.Join(", ", catalogue.Thresholds[0].Defaults.Keys)}");
            Render(session.Console, catalogue, shown);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void Render(IAnsiConsole console, CatalogueView catalogue, string domain)
    {
        var levels = catalogue.Levels.ToDictionary(l => l.Level, l => l.Name);
        var thresholds = new Table { Title = new TableTitle($"Level thresholds ({domain} defaults)") }
            .AddColumns("Threshold", "Field", "Reading", "Breached when", "Window", "Min samples", "Level");
        foreach (var t in catalogue.Thresholds)
        {
            var limit = t.Defaults.GetValueOrDefault(domain);
            thresholds.AddRow(new Text(t.Name), new Text(t.Field), new Text(t.Reading),
                new Text(limit is null ? "off" : $"{t.Comparison} {Number(limit.Value)}"), new Text(limit?.Window ?? "-"),
                new Text(limit is null ? "-" : limit.MinSamples.ToString("N0", CultureInfo.InvariantCulture)),
                new Text($"L{t.Level} {levels.GetValueOrDefault(t.Level)}"));
        }
        console.Write(thresholds);

        var shaped = new Table { Title = new TableTitle($"Quality targets and hysteresis ({domain} defaults)") }
            .AddColumns("Threshold", "Default", "Meaning");
        foreach (var s in catalogue.Shaped)
        {
            var defaults = s.Defaults.GetValueOrDefault(domain) ?? [];
            foreach (var f in s.Fields)
                shaped.AddRow(new Text($"{s.Field}.{f.Name}"), new Text(defaults.GetValueOrDefault(f.Name) ?? "-"), new Text(f.Description));
        }
        console.Write(shaped);

        var rules = new Table { Title = new TableTitle("Alert rules") }.AddColumns("Rule", "Condition", "For", "Keep firing", "Severity");
        foreach (var r in catalogue.AlertRules)
            rules.AddRow(new Text(r.Name), new Text($"{r.Reading} {r.Comparison} {Number(r.Threshold)}"), new Text(r.For), new Text(r.KeepFiringFor), new Text(r.Severity));
        foreach (var b in catalogue.BurnRateRules)
        {
            foreach (var w in b.Windows)
                rules.AddRow(new Text(w.Alert), new Text($"{b.Indicator} burn ({string.Join(" + ", b.Readings)}) > {Number(w.Factor)}x over {w.Long} and {w.Short}, objective {Number(b.Objective)}"),
                    new Text(w.For), new Text(w.KeepFiringFor), new Text(w.Severity));
        }
        console.Write(rules);

        var readings = new Table { Title = new TableTitle("Readings") }.AddColumns("Reading", "Unit", "Windows", "Judged");
        foreach (var r in catalogue.Readings)
            readings.AddRow(new Text(r.Name), new Text(r.Unit), new Text(r.Windows.Count == 0 ? "-" : string.Join(" ", r.Windows)), new Text(r.Judged));
        console.Write(readings);
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
