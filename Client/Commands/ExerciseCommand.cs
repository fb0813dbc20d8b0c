using System.CommandLine;
using System.Text.Json;
using Fleet.Client.Rendering;
using Spectre.Console;
using static Fleet.Client.Rendering.ReplyFields;

namespace Fleet.Client.Commands;

/// <summary>`fleet exercise create|start|pause|resume|next|end|score|timeline`: training exercises (needs the facilitate role).</summary>
internal static class ExerciseCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("exercise", "Training exercises: teams play one scenario in runs of their own (facilitate)") { CreateExercise(session) };
        foreach (var (name, what) in new[]
        {
            ("start", "Start every team's run"), ("pause", "Pause every team's run"),
            ("resume", "Resume every team's run"), ("end", "End every team's run"),
            ("next", "Tabletop: play every team's run at once to its next decision point (or the end)"),
        })
            command.Subcommands.Add(Steer(session, name, what));
        command.Subcommands.Add(Score(session));
        command.Subcommands.Add(Timeline(session));
        return command;
    }

    private static Command CreateExercise(CliSession session)
    {
        var name = new Option<string>("--name") { Description = "The exercise's name", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = "A shipped scenario's name (GET /api/scenarios) or a scenario file here" };
        var recording = new Option<string?>("--recording") { Description = "Instead of a scenario: a recording's or an import's id (fleet record list); each team plays a copy" };
        var tabletop = new Option<string?>("--tabletop") { Description = "Instead of a scenario: an ended run to step through decision point by decision point (fleet exercise next)" };
        var team = new Option<string[]>("--team")
        {
            Description = "A team: NAME or NAME:trainee,trainee; repeat for several", Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int?>("--seed") { Description = "Seed (default: the scenario's)" };
        var start = new Option<DateTimeOffset?>("--start") { Description = "Virtual start, e.g. 2026-01-05T08:00:00Z" };
        var speed = new Option<double?>("--speed") { Description = "Virtual seconds per wall second (default 1; 0 starts paused)" };
        var json = CommandInputs.JsonOption();
        var command = new Command("create", "Create an exercise; prints each team's join code") { name, scenario, recording, tabletop, team, seed, start, speed, json };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(scenario);
            var text = given is not null && File.Exists(given) ? await File.ReadAllTextAsync(given, ct) : given;
            var teams = parse.GetValue(team)!.Select(t => t.Split(':', 2)).Select(p => new
            {
                name = p[0],
                trainees = p.Length > 1 ? p[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            }).ToArray();
            var raw = await session.Api(parse).PostRawAsync("api/exercises", new
            {
                name = parse.GetValue(name), scenario = text, recording = parse.GetValue(recording), tabletop = parse.GetValue(tabletop), seed = parse.GetValue(seed), start = parse.GetValue(start),
                speed = parse.GetValue(speed), teams,
            }, ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            Describe(session, JsonDocument.Parse(raw).RootElement);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Steer(CliSession session, string verb, string what)
    {
        var id = new Argument<string>("id") { Description = "The exercise's id" };
        var json = CommandInputs.JsonOption();
        var command = new Command(verb, what) { id, json };
        command.SetAction(async (parse, ct) =>
        {
            var raw = await session.Api(parse).PostRawAsync($"api/exercises/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}", new { }, ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            Describe(session, JsonDocument.Parse(raw).RootElement);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Score(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The exercise's id" };
        var json = CommandInputs.JsonOption();
        var command = new Command("score", "The scoreboard: every team's impact and times, fewest bad predictions first") { id, json };
        command.SetAction(async (parse, ct) =>
        {
            var raw = await session.Api(parse).GetRawAsync($"api/exercises/{Uri.EscapeDataString(parse.GetValue(id)!)}/score", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            var score = JsonDocument.Parse(raw).RootElement;
            session.Output.WriteLine($"{Text(score, "exercise")} ({Text(score, "state")}): impact started {Text(score, "impactStart")}");
            var table = new Table().AddColumns("team", "impact", "over ideal", "do nothing", "detect", "ack", "mitigate", "resolve", "useless", "unacked");
            foreach (var t in score.GetProperty("teams").EnumerateArray())
                table.AddRow(new[] { "team", "impact", "excessOverIdeal", "doNothingImpact", "timeToDetect", "timeToAcknowledge", "timeToMitigate", "timeToResolve" }
                    .Select(n => Markup.Escape(Text(t, n)))
                    .Append(t.GetProperty("uselessActions").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(Text(t, "unacknowledgedAlerts")).ToArray());
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Timeline(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The exercise's id" };
        var team = new Option<string?>("--team") { Description = "Only this team" };
        var json = CommandInputs.JsonOption();
        var command = new Command("timeline", "Per team: the injections and their true impact beside what the team did, and its scores so far") { id, team, json };
        command.SetAction(async (parse, ct) =>
        {
            var raw = await session.Api(parse).GetRawAsync($"api/exercises/{Uri.EscapeDataString(parse.GetValue(id)!)}/timeline", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            var only = parse.GetValue(team);
            foreach (var t in JsonDocument.Parse(raw).RootElement.GetProperty("teams").EnumerateArray()
                         .Where(t => only is null || t.GetProperty("team").GetString() == only))
            {
                var score = t.GetProperty("score");
                session.Output.WriteLine($"team {Text(t, "team")} at {Text(t, "now")}: {Text(score, "impact")} bad predictions " +
                    $"(doing nothing {Text(score, "doNothingImpact")}); detect {Text(score, "timeToDetect")}, mitigate {Text(score, "timeToMitigate")}, " +
                    $"resolve {Text(score, "timeToResolve")}");
                var table = new Table().AddColumns("time", "side", "what", "by", "detail", "impact", "doing nothing");
                foreach (var m in t.GetProperty("moments").EnumerateArray())
                    table.AddRow(new[] { "at", "side", "kind", "by", "detail", "impact", "doNothingImpact" }
                        .Select(n => n switch { "kind" => $"{Text(m, "kind")} {Text(m, "what")}", "detail" => Short(Text(m, n)), _ => Text(m, n) })
                        .Select(Markup.Escape).ToArray());
                session.Console.Write(table);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Describe(CliSession session, JsonElement exercise)
    {
        session.Output.WriteLine($"{Text(exercise, "id")} {Text(exercise, "name")}: {Text(exercise, "state")}");
        foreach (var t in exercise.GetProperty("teams").EnumerateArray())
            session.Output.WriteLine($"  team {Text(t, "name")}: join code {Text(t, "joinCode")}, run {Text(t, "runId")}");
    }

    /// <summary>A detail cut to fit a table row (the JSON has it whole).</summary>
    private static string Short(string text) => text.Length <= 60 ? text : text[..59] + "…";
}
