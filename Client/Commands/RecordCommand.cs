using System.CommandLine;
using System.Globalization;
using Fleet.Client.Rendering;
using Fleet.Contracts;
using Fleet.Recordings;
using Fleet.Runs;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet record start|stop|list|delete|play`: keeps the accepted batches of live models (in the server's batch log)
/// so a real incident can be played again as a run; `fleet import` (<see cref="ImportCommand"/>) brings one from elsewhere.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("record", "Record live traffic to play it again as a run");
        command.Subcommands.Add(Start(session));
        command.Subcommands.Add(Stop(session));
        command.Subcommands.Add(List(session));
        command.Subcommands.Add(Delete(session));
        command.Subcommands.Add(Play(session));
        return command;
    }

    private static Command Start(CliSession session)
    {
        var models = new Option<string>("--models") { Description = "* for every live model, or ids and domain=, team=, owner= filters, comma-separated", Required = true };
        var until = new Option<string?>("--until") { Description = "Stop after this long (e.g. 2h); default: until `fleet record stop` or the size cap" };
        var command = new Command("start", "Start recording the selected live models' traffic") { models, until };
        command.SetAction(async (parse, ct) =>
        {
            var r = (await session.Api(parse).PostAsync<RecordingInfo>("api/recordings", new StartRecordingRequest(parse.GetValue(models), parse.GetValue(until)), ct)).Value;
            session.Output.WriteLine($"recording {r.Id}: {r.Models.Count} model(s){(r.Until is { } end ? $" until {MetricFormat.Time(end)}" : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stop(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The recording" };
        var command = new Command("stop", "Stop a recording (what it kept stays until it is deleted)") { id };
        command.SetAction(async (parse, ct) =>
        {
            var r = (await session.Api(parse).PostAsync<RecordingInfo>($"api/recordings/{Uri.EscapeDataString(parse.GetValue(id)!)}/stop", new { }, ct)).Value;
            session.Output.WriteLine($"{r.Id} {r.State}: {r.Batches} batches, {r.Bytes} bytes{(r.StopReason is { } why ? $" ({why})" : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliSession session)
    {
        var json = CommandInputs.JsonOption();
        var command = new Command("list", "List recordings and imports") { json };
        command.SetAction(async (parse, ct) =>
        {
            var reply = await session.Api(parse).GetAsync<List<RecordingInfo>>("api/recordings", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "source", "selector", "state", "models", "batches", "bytes", "created", "stop reason");
            foreach (var r in reply.Value)
                table.AddRow(new[]
                {
                    r.Id, r.Source, r.Selector, r.State, r.Models.Count.ToString(CultureInfo.InvariantCulture), r.Batches.ToString(CultureInfo.InvariantCulture),
                    r.Bytes.ToString(CultureInfo.InvariantCulture), MetricFormat.Time(r.CreatedAt), r.StopReason ?? MetricFormat.Missing,
                }.Select(Markup.Escape).ToArray());
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The recording or import" };
        var command = new Command("delete", "Delete a recording or an import and release its batches") { id };
        command.SetAction(async (parse, ct) =>
        {
            await session.Api(parse).DeleteAsync($"api/recordings/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
            session.Output.WriteLine($"deleted {parse.GetValue(id)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Play(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The recording or import" };
        var command = new Command("play", "Start a run that plays a recording or an import in its own world") { id };
        command.SetAction(async (parse, ct) =>
        {
            var r = (await session.Api(parse).PostAsync<RunStatus>("api/runs", new StartRunRequest(null, null, null, null, null, Recording: parse.GetValue(id)), ct)).Value;
            session.Output.WriteLine($"run {r.Id} plays {parse.GetValue(id)}: {r.Models} model(s), {MetricFormat.Time(r.Start)} to {MetricFormat.Time(r.End)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>`fleet import &lt;file&gt;`: sends a whole incident file to the server, which stores it as a recording or refuses it whole.</summary>
internal static class ImportCommand
{
    public static Command Create(CliSession session)
    {
        var file = new Argument<FileInfo>("file") { Description = "The incident: events (.jsonl, .csv) or per-minute metrics (.csv)" };
        var format = new Option<string?>("--format")
        {
            Description = "events-jsonl, events-csv or metrics-csv (default: .jsonl is events-jsonl; a .csv whose header starts with minute is metrics-csv, else events-csv)",
        };
        var command = new Command("import", "Import an incident from another tool as a recording to play as a run") { file, format };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var text = System.Text.Encoding.UTF8.GetString(await CommandInputs.ReadFileAsync(path, ct));
            var chosen = parse.GetValue(format) ?? Guess(path, text);
            var media = chosen == ImportFormats.EventsJsonl ? "application/x-ndjson" : "text/csv";
            var r = await session.Api(parse).PostTextAsync<RecordingInfo>($"api/imports?format={Uri.EscapeDataString(chosen)}", text, media, ct);
            session.Output.WriteLine($"imported {r.Id}: {r.Models.Count} model(s), {r.Batches} batches, {r.Bytes} bytes; play it with: fleet record play {r.Id}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Guess(FileInfo file, string text) =>
        file.Extension is ".jsonl" or ".ndjson" ? ImportFormats.EventsJsonl
        : file.Extension == ".csv" ? text.TrimStart('\uFEFF').TrimStart().StartsWith("minute", StringComparison.Ordinal) ? ImportFormats.MetricsCsv : ImportFormats.EventsCsv
        : throw new UsageException($"{file.Name}: say which format with --format ({string.Join(", ", ImportFormats.All)})");
}
