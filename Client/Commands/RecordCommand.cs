using System.CommandLine;
using System.Text.Json;
using Fleet.Contracts;
using Spectre.Console;
using static Fleet.Client.Rendering.ReplyFields;

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
            var raw = await session.Api(parse).PostRawAsync("api/recordings", new StartRecordingRequest(parse.GetValue(models), parse.GetValue(until)), ct);
            var r = JsonDocument.Parse(raw).RootElement;
            session.Output.WriteLine($"recording {Text(r, "id")}: {r.GetProperty("models").GetArrayLength()} model(s){Phrase(r, "until", end => $" until {end}")}");
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
            var r = JsonDocument.Parse(await session.Api(parse).PostRawAsync($"api/recordings/{Uri.EscapeDataString(parse.GetValue(id)!)}/stop", new { }, ct)).RootElement;
            session.Output.WriteLine($"{Text(r, "id")} {Text(r, "state")}: {Text(r, "batches")} batches, {Text(r, "bytes")} bytes{Phrase(r, "stopReason", why => $" ({why})")}");
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
            var raw = await session.Api(parse).GetRawAsync("api/recordings", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "source", "selector", "state", "models", "batches", "bytes", "created", "stop reason");
            foreach (var r in JsonDocument.Parse(raw).RootElement.EnumerateArray())
                table.AddRow(Cell(r, "id"), Cell(r, "source"), Cell(r, "selector"), Cell(r, "state"),
                    r.GetProperty("models").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(r, "batches"), Cell(r, "bytes"),
                    Cell(r, "createdAt"), Cell(r, "stopReason"));
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
            var r = JsonDocument.Parse(await session.Api(parse).PostRawAsync("api/runs", new StartRunRequest(null, null, null, null, null, Recording: parse.GetValue(id)), ct)).RootElement;
            session.Output.WriteLine($"run {Text(r, "id")} plays {parse.GetValue(id)}: {Text(r, "models")} model(s), {Text(r, "start")} to {Text(r, "end")}");
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
            var media = chosen == "events-jsonl" ? "application/x-ndjson" : "text/csv";
            var raw = await session.Api(parse).PostTextAsync($"api/imports?format={Uri.EscapeDataString(chosen)}", text, media, ct);
            var r = JsonDocument.Parse(raw).RootElement;
            session.Output.WriteLine($"imported {r.GetProperty("id").GetString()}: {r.GetProperty("models").GetArrayLength()} model(s), " +
                $"{r.GetProperty("batches").GetInt64()} batches, {r.GetProperty("bytes").GetInt64()} bytes; play it with: fleet record play {r.GetProperty("id").GetString()}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Guess(FileInfo file, string text) =>
        file.Extension is ".jsonl" or ".ndjson" ? "events-jsonl"
        : file.Extension == ".csv" ? text.TrimStart('\uFEFF').TrimStart().StartsWith("minute", StringComparison.Ordinal) ? "metrics-csv" : "events-csv"
        : throw new UsageException($"{file.Name}: say which format with --format (events-jsonl, events-csv or metrics-csv)");
}
