using System.CommandLine;
using Fleet.Client.Api;
using Fleet.Contracts;
using Fleet.Contracts.Answers;
using Fleet.Client.Rendering;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>`fleet model &lt;id&gt;`: one model's windows, baseline, breaches, level history and gaps.</summary>
internal static class ModelCommand
{
    // Shortest window first: the order an on-call reader scans from "now" to "this month".
    private static readonly string[] WindowOrder = ["5m", "1h", "24h", "30d"];

    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The model id" };
        var json = CommandInputs.JsonOption();

        var command = new Command("model", "Show one model in detail; reset or delete one (admin)") { id, json };
        foreach (var admin in ModelAdminCommands.Create(session)) command.Subcommands.Add(admin);
        command.SetAction(async (parseResult, ct) =>
        {
            var reply = await session.Api(parseResult).GetModelAsync(parseResult.GetValue(id)!, ct);
            if (parseResult.GetValue(json))
                session.Output.WriteLine(reply.RawJson);
            else
                Render(session.Console, reply.Value);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void Render(IAnsiConsole console, ModelDetail model)
    {
        RenderHeader(console, model);
        console.Write(WindowsTable(model));
        RenderBaseline(console, model.Baseline);
        RenderBreaches(console, model.Breaches);
        RenderLastTransition(console, model.LastTransition);
        console.MarkupLineInterpolated($"[bold]Gaps:[/] {MetricFormat.List(model.Gaps)}");
    }

    private static void RenderHeader(IAnsiConsole console, ModelDetail model)
    {
        console.MarkupLineInterpolated($"[bold]{model.Name ?? model.Id}[/] ({model.Id})");
        var grid = new Grid().AddColumn().AddColumn();
        AddField(grid, "Domain", model.Domain);
        AddField(grid, "Owner", model.Owner);
        AddField(grid, "Team", model.Team);
        AddField(grid, "Version", model.Version);
        AddField(grid, "Rollout", model.RolloutStage);
        grid.AddRow(new Text("Level"), LevelStyle.Label(model.Level, model.LevelName));
        AddField(grid, "Quality metric", model.QualityMetric);
        AddField(grid, "Watermark", model.Watermark is null ? null : MetricFormat.Time(model.Watermark));
        console.Write(grid);
    }

    private static void AddField(Grid grid, string label, string? value) =>
        grid.AddRow(new Text(label), new Text(string.IsNullOrWhiteSpace(value) ? MetricFormat.Missing : value));

    private static Table WindowsTable(ModelDetail model)
    {
        var table = new Table()
            .AddColumns("Window", "Volume", "Outcomes", "Quality", "P50 ms", "P95 ms", "P99 ms", "Error", "Timeout", "Fallback", "Coverage");
        foreach (var column in table.Columns.Skip(1))
            column.RightAligned();

        var windows = model.Windows ?? new Dictionary<string, WindowMetrics?>();
        var names = WindowOrder.Concat(windows.Keys.Except(WindowOrder).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            windows.TryGetValue(name, out var w);
            string[] cells =
            [
                name,
                MetricFormat.Count(w?.Volume),
                MetricFormat.Count(w?.Outcomes),
                MetricFormat.Quality(w?.Quality),
                MetricFormat.Milliseconds(w?.LatencyP50),
                MetricFormat.Milliseconds(w?.LatencyP95),
                MetricFormat.Milliseconds(w?.LatencyP99),
                MetricFormat.Percent(w?.ErrorRate),
                MetricFormat.Percent(w?.TimeoutRate),
                MetricFormat.Percent(w?.FallbackRate),
                MetricFormat.Percent(w?.Coverage),
            ];
            table.AddRow(cells.Select(cell => new Text(cell)));
        }
        return table;
    }

    private static void RenderBaseline(IAnsiConsole console, BaselineComparison? baseline)
    {
        if (baseline is null)
        {
            console.MarkupLine("[bold]Baseline:[/] none registered");
            return;
        }

        // The server's summary ("6.5x better than the editorial list") is the sentence people quote.
        var text = !string.IsNullOrWhiteSpace(baseline.Summary)
            ? baseline.Summary
            : $"{baseline.Metric} {MetricFormat.Number(baseline.Quality)} vs baseline {MetricFormat.Number(baseline.Baseline)} (ratio {MetricFormat.Number(baseline.Ratio)})";
        console.MarkupLineInterpolated($"[bold]Baseline:[/] {text}");
    }

    private static void RenderBreaches(IAnsiConsole console, IReadOnlyList<ThresholdBreach>? breaches)
    {
        if (breaches is null || breaches.Count == 0)
        {
            console.MarkupLine("[bold]Breaches:[/] none");
            return;
        }

        console.MarkupLine("[bold]Breaches:[/]");
        foreach (var breach in breaches)
        {
            var detail = !string.IsNullOrWhiteSpace(breach.Message)
                ? breach.Message
                : $"{breach.Threshold} = {MetricFormat.Number(breach.Value)} (limit {MetricFormat.Number(breach.Limit)})";
            console.MarkupLineInterpolated($"  [red]•[/] [[{breach.Window ?? MetricFormat.Missing}]] {breach.Threshold}: {detail}");
        }
    }

    private static void RenderLastTransition(IAnsiConsole console, LevelTransition? transition)
    {
        if (transition is null)
        {
            console.MarkupLine("[bold]Last transition:[/] none");
            return;
        }

        console.MarkupLineInterpolated(
            $"[bold]Last transition:[/] {transition.From} {LevelStyle.NameOf(transition.From)} -> {transition.To} {LevelStyle.NameOf(transition.To)} at {MetricFormat.Time(transition.At)}: {transition.Reason ?? MetricFormat.Missing}");
    }
}
