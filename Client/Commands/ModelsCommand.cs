using System.CommandLine;
using Fleet.Client.Api;
using Fleet.Contracts;
using Fleet.Contracts.Answers;
using Fleet.Client.Rendering;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>`fleet models`: the fleet at a glance, worst level first.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliSession session)
    {
        var domain = new Option<string?>("--domain") { Description = "Only models of this domain" };
        var owner = new Option<string?>("--owner") { Description = "Only models owned by this person" };
        var team = new Option<string?>("--team") { Description = "Only models of this team" };
        var level = new Option<int?>("--level") { Description = "Only models on this degradation level (1-5)" };
        level.Validators.Add(result =>
        {
            if (result.GetValue(level) is { } value && value is < 1 or > 5)
                result.AddError("--level must be between 1 (Full AI) and 5 (Error state)");
        });
        var breached = new Option<string?>("--breached") { Description = "Only models breaching this threshold, e.g. latencyP95" };
        var gap = new Option<string?>("--gap") { Description = "Only models with this governance gap, e.g. no-owner" };
        var json = CommandInputs.JsonOption();

        var command = new Command("models", "List the fleet's models with their level, quality, breaches and gaps")
        {
            domain, owner, team, level, breached, gap, json,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var filter = new FleetFilter(
                parseResult.GetValue(domain),
                parseResult.GetValue(owner),
                parseResult.GetValue(team),
                parseResult.GetValue(level),
                parseResult.GetValue(breached),
                parseResult.GetValue(gap));
            var reply = await session.Api(parseResult).GetFleetAsync(filter, ct);

            if (parseResult.GetValue(json))
                session.Output.WriteLine(reply.RawJson);
            else
                Render(session.Console, reply.Value);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void Render(IAnsiConsole console, FleetOverview fleet)
    {
        var models = (fleet.Models ?? [])
            .OrderByDescending(m => m.Level)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();

        if (models.Count == 0)
        {
            console.WriteLine("No models match.");
        }
        else
        {
            var table = new Table()
                .AddColumns("Id", "Name", "Domain", "Owner", "Level", "Quality", "Breaches", "Gaps");
            foreach (var model in models)
            {
                table.AddRow(
                    new Text(model.Id),
                    new Text(model.Name ?? MetricFormat.Missing),
                    new Text(model.Domain ?? MetricFormat.Missing),
                    new Text(model.Owner ?? MetricFormat.Missing),
                    LevelStyle.Label(model.Level, model.LevelName),
                    new Text(QualityCell(model)),
                    new Text(MetricFormat.List(model.Breaches), new Style(Color.Red)),
                    new Text(MetricFormat.List(model.Gaps), new Style(Color.Yellow)));
            }
            console.Write(table);
        }

        console.Write(CountsLine(fleet));
        console.WriteLine();
    }

    private static string QualityCell(FleetModelSummary model) =>
        model.Quality is null || string.IsNullOrWhiteSpace(model.QualityMetric)
            ? MetricFormat.Quality(model.Quality)
            : $"{MetricFormat.Quality(model.Quality)} {model.QualityMetric}";

    private static Markup CountsLine(FleetOverview fleet)
    {
        var counts = fleet.CountsByLevel ?? new Dictionary<string, int>();
        var parts = Enumerable.Range(1, 5).Select(level =>
        {
            var count = counts.TryGetValue(level.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n : 0;
            return LevelStyle.CountMarkup(level, count);
        });
        return new Markup($"Levels: {string.Join("  ", parts)}  (total {fleet.Total})");
    }
}
